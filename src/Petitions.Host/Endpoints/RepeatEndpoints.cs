using MediatR;
using Microsoft.AspNetCore.Mvc;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Repeats;

namespace Petitions.Host.Endpoints;

public static class RepeatEndpoints
{
    public static IEndpointRouteBuilder MapRepeatEndpoints(this IEndpointRouteBuilder app)
    {
        var petitions = app.MapGroup("/api/petitions").WithTags("Repeat complaints");
        petitions.MapPost("repeat-check", (CheckRepeats.Query body, IMediator m, CancellationToken ct) => m.Send(body, ct))
            .WithSummary("Ranked possible repeats for a target, region, phone and address (exact matches first).");
        petitions.MapPost("{caseNo}/repeat-of", (string caseNo, LinkRepeatOf.Command body, HttpRequest http, IMediator m, CancellationToken ct) =>
            m.SendAction(body with { CaseNo = caseNo, IdempotencyKey = http.IdempotencyKey(), ExpectedVersion = http.ExpectedVersion() }, ct));
        petitions.MapDelete("{caseNo}/repeat-of", (string caseNo, [FromBody] UnlinkRepeatOf.Command? body, HttpRequest http, IMediator m, CancellationToken ct) =>
            m.SendAction((body ?? new UnlinkRepeatOf.Command()) with { CaseNo = caseNo, IdempotencyKey = http.IdempotencyKey(), ExpectedVersion = http.ExpectedVersion() }, ct));
        petitions.MapPost("{caseNo}/repeat-decision", (string caseNo, DecideRepeat.RepeatDecisionRequest body, HttpRequest http, IMediator m, CancellationToken ct) =>
                m.SendAction((DecideRepeat.RepeatDecisionRequest)body.Addressed(caseNo, http.IdempotencyKey(), http.ExpectedVersion()), ct))
            .WithSummary("A supervisor decides on a closed case that came back (办结后重复举报): ReopenOriginal or NewCaseCarries.")
            .Produces<PetitionView>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }
}
