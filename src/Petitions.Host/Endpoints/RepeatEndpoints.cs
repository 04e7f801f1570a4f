using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Repeats;

namespace Petitions.Host.Endpoints;

/// <summary>Repeat complaints: the check before registering, and linking or unlinking a case to its original.</summary>
public static class RepeatEndpoints
{
    public static IEndpointRouteBuilder MapRepeatEndpoints(this IEndpointRouteBuilder app)
    {
        var petitions = app.MapGroup("/api/petitions").WithTags(ApiTags.Repeats);

        petitions.MapPost("repeat-check", async (CheckRepeats.Query body, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(body, ct)))
            .WithName(nameof(CheckRepeats)).Problems(400)
            .WithSummary("Ranked possible repeats for a target, region, phone and address (exact matches first).");

        petitions.MapPost("{caseNo}/repeat-of", async Task<Ok<PetitionView>> (string caseNo, LinkRepeatOf.Command body, [AsParameters] CaseActionGuards guards,
                HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send(body with { CaseNo = caseNo, IdempotencyKey = guards.Key(), ExpectedVersion = guards.Version() }, ct)))
            .WithName(nameof(LinkRepeatOf)).CaseAction()
            .WithSummary("Link the case, as a repeat, to its original (a case that is itself a repeat is refused: link to its original).");

        petitions.MapDelete("{caseNo}/repeat-of", async Task<Ok<PetitionView>> (string caseNo, [FromBody] UnlinkRepeatOf.Command? body, [AsParameters] CaseActionGuards guards,
                HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send((body ?? new UnlinkRepeatOf.Command()) with { CaseNo = caseNo, IdempotencyKey = guards.Key(), ExpectedVersion = guards.Version() }, ct)))
            .WithName(nameof(UnlinkRepeatOf)).CaseAction()
            .WithSummary("Undo a repeat link, with an optional reason.");

        petitions.MapPost("{caseNo}/repeat-decision", async Task<Ok<PetitionView>> (string caseNo, DecideRepeat.RepeatDecisionRequest body, [AsParameters] CaseActionGuards guards,
                HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send((DecideRepeat.RepeatDecisionRequest)body.Addressed(caseNo, guards.Key(), guards.Version()), ct)))
            .WithName(nameof(DecideRepeat)).CaseAction()
            .WithSummary("A supervisor decides on a closed case that came back (办结后重复举报): ReopenOriginal or NewCaseCarries.");
        return app;
    }
}
