using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Features.Petitions;

namespace Petitions.Host.Endpoints;

/// <summary>
/// The case actions, each POST /api/petitions/{caseNo}/{action} (the problem list is a PUT); Idempotency-Key and
/// If-Match honoured; 200 with the case and its ETag. Actions without a body ignore whatever body is sent.
/// </summary>
public static class PetitionActionEndpoints
{
    public static IEndpointRouteBuilder MapPetitionActionEndpoints(this IEndpointRouteBuilder app)
    {
        var petitions = app.MapGroup("/api/petitions/{caseNo}").WithTags("Petition actions");

        petitions.MapAction<AssignPetition.Command>("assign")
            .WithSummary("Assign a registered case to a lead unit and co-units (交办).");

        petitions.MapAction<NotAcceptPetition.Command>("not-accept")
            .WithSummary("Decline a registered complaint, with a reason (不予受理).");

        petitions.MapPost("accept", (string caseNo, HttpRequest http, IMediator m, CancellationToken ct) =>
            m.SendAction(new AcceptPetition.Command(caseNo, http.IdempotencyKey(), http.ExpectedVersion()), ct))
            .WithSummary("The lead unit accepts an assigned case (受理). No body.");

        petitions.MapAction<TransferPetition.Command>("transfer")
            .WithSummary("Hand the case to another unit (转办); it lands there Assigned.");

        petitions.MapAction<LogSiteVisit.Command>("site-visits")
            .WithSummary("Log a site visit (现场核查); lead unit or co-unit.");

        petitions.MapAction<SubmitResult.Command>("result")
            .WithSummary("Submit the handling result with its verdict (办理结果).");

        petitions.MapAction<LogCallback.Command>("callbacks")
            .WithSummary("Log a callback (回访); a dissatisfied one reopens the case onto the problem list.");

        petitions.MapAction<ClosePetition.Command>("close")
            .WithSummary("Verify and close, finally or as a stage closure with a rectification date (验收销号).");

        petitions.MapAction<ReopenPetition.Command>("reopen")
            .WithSummary("Reopen onto the problem list with a target, deadline and responsible person.");

        petitions.MapAction<RequestExtension.Command>("extension")
            .WithSummary("Ask for the case's one extension, at most 30 days (延期).");

        petitions.MapPost("extension/approve", (string caseNo, HttpRequest http, IMediator m, CancellationToken ct) =>
            m.SendAction(new ApproveExtension.Command(caseNo, http.IdempotencyKey(), http.ExpectedVersion()), ct))
            .WithSummary("Approve the pending extension; the deadline moves. No body.");

        petitions.MapAction<RefuseExtension.Command>("extension/refuse")
            .WithSummary("Refuse the pending extension, with a reason.");

        petitions.MapAction<SupervisePetition.Command>("supervise")
            .WithSummary("Issue a supervision notice (督办通知).");

        petitions.MapPost("supervision/{no:int}/reply", (string caseNo, int no, ReplySupervisionNotice.Command body, HttpRequest http, IMediator m, CancellationToken ct) =>
            m.SendAction(body with { CaseNo = caseNo, NoticeNo = no, IdempotencyKey = http.IdempotencyKey(), ExpectedVersion = http.ExpectedVersion() }, ct))
            .WithSummary("Answer supervision notice {no}.");

        petitions.MapAction<NameLeaderOwner.Command>("leader")
            .WithSummary("Name the leader who owns the case (领导包件).");

        petitions.MapAction<AdjustProblemEntry.Command>("problem-list", put: true)
            .WithSummary("Set the target, deadline and responsible person of the case's problem-list entry (问题清单).");

        petitions.MapPost("complainant/reveal", async (string caseNo, RevealComplainantRequest body, HttpRequest http, HttpResponse response, IMediator m, CancellationToken ct) =>
        {
            var revealed = await m.Send(new RevealComplainant.Command(caseNo, body.Reason, http.IdempotencyKey(), http.ExpectedVersion()), ct);
            response.Headers.ETag = $"\"{revealed.Version}\"";
            return Results.Ok(revealed);
        }).WithSummary("The complainant in clear, for a stated reason; recorded on the timeline and in the reveal log.");

        return app;
    }

    /// <summary>An action with a JSON body: the case from the route, the guards from the headers, then the pipeline.</summary>
    private static RouteHandlerBuilder MapAction<TCommand>(this RouteGroupBuilder group, string pattern, bool put = false)
        where TCommand : CaseAction, IRequest<PetitionView>
    {
        Delegate handler = (string caseNo, TCommand body, HttpRequest http, IMediator m, CancellationToken ct) =>
            m.SendAction((TCommand)body.Addressed(caseNo, http.IdempotencyKey(), http.ExpectedVersion()), ct);
        return put ? group.MapPut(pattern, handler) : group.MapPost(pattern, handler);
    }
}

/// <summary>Why the complainant must be seen in clear (required; kept on the timeline and in the reveal log).</summary>
public sealed record RevealComplainantRequest(string? Reason);
