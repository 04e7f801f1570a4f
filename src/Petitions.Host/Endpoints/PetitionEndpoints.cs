using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Petitions.Application.Common;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Triage;

namespace Petitions.Host.Endpoints;

/// <summary>
/// /api/petitions: register, list and read cases, and every case action (POST /api/petitions/{caseNo}/{action}; the
/// problem list is a PUT) with Idempotency-Key and If-Match honoured and the case answered with its ETag. Actions
/// without a body ignore whatever body is sent.
/// </summary>
public static class PetitionEndpoints
{
    public static IEndpointRouteBuilder MapPetitionEndpoints(this IEndpointRouteBuilder app)
    {
        var petitions = app.MapGroup("/api/petitions").WithTags(ApiTags.Petitions);

        petitions.MapPost("", async Task<Results<Created<RegisterPetition.Result>, Ok<RegisterPetition.Result>>> (
            RegisterPetition.Command body,
            [FromHeader(Name = EndpointExtensions.IdempotencyKeyHeader), Description("Any string of at most 200 characters: a retried registration with the same key returns the first answer (200) and registers nothing.")] string? idempotencyKey, IMediator m, CancellationToken ct) =>
        {
            var result = await m.Send(body with { IdempotencyKey = EndpointExtensions.IdempotencyKey(idempotencyKey) }, ct);
            return result.Created
                ? TypedResults.Created($"/api/petitions/{result.CaseNo}", result)
                : TypedResults.Ok(result);
        }).WithName("RegisterPetition").Problems(400, 409)
            .WithSummary("Register a complaint: 201 with the new case number, 200 with the first answer when it repeats a registration (same Idempotency-Key, or externalRef within a round).");

        petitions.MapGet("", async ([AsParameters] ListPetitions.Query query, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(query, ct)))
            .WithName("ListPetitions").Problems(400)
            .WithSummary("Cases in the caller's scope: filtered, sorted, paged ({items, total, page, pageSize}); never complainant data.");

        petitions.MapGet("{caseNo}", async (string caseNo, HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send(new GetPetition.Query(caseNo), ct)))
            .WithName("GetPetition").Problems(404).WithMetadata(AnswersETag.Instance)
            .WithSummary("A case with its timeline, the complainant masked; the ETag is its version.");

        MapActions(petitions.MapGroup("{caseNo}").WithTags(ApiTags.PetitionActions));
        return app;
    }

    private static void MapActions(RouteGroupBuilder actions)
    {
        actions.MapPost("query-code", async (string caseNo, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] IssueQueryCode.Request? body,
                [AsParameters] CaseActionGuards guards, HttpRequest request, HttpResponse response, IMediator m, CancellationToken ct) =>
            {
                // No body at all is fine; a body that is not an object (a JSON null) is not.
                if (body is null && request.ContentLength > 0)
                    throw new Petitions.Application.Common.Errors.InvalidFieldException("body", Petitions.Application.Common.Validation.ValidationCodes.JsonObject, "The body, when sent, must be a JSON object.");
                var issued = await m.Send(new IssueQueryCode.Command(caseNo, guards.Key(), guards.Version(), body?.Reason), ct);
                return response.WithETag(issued.Version, issued);
            })
            .WithName(nameof(IssueQueryCode)).CaseAction()
            .WithSummary("Issue the complainant a new query code (shown once in the answer); the previous code stops working. Optional body {reason}, kept on the timeline.");

        actions.MapAction<AssignPetition.Command>("assign")
            .WithSummary("Assign a registered case to a lead unit and co-units (交办).");

        actions.MapAction<NotAcceptPetition.Command>("not-accept")
            .WithSummary("Decline a registered complaint, with a reason (不予受理).");

        actions.MapPost("accept", async (string caseNo, [AsParameters] CaseActionGuards guards, HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send(new AcceptPetition.Command(caseNo, guards.Key(), guards.Version()), ct)))
            .WithName(nameof(AcceptPetition)).CaseAction()
            .WithSummary("The lead unit accepts an assigned case (受理). No body.");

        actions.MapAction<TransferPetition.Command>("transfer")
            .WithSummary("Hand the case to another unit (转办); it lands there Assigned.");

        actions.MapAction<LogSiteVisit.Command>("site-visits")
            .WithSummary("Log a site visit (现场核查); lead unit or co-unit.");

        actions.MapAction<SubmitResult.Command>("result")
            .WithSummary("Submit the handling result with its verdict (办理结果).");

        actions.MapAction<LogCallback.Command>("callbacks")
            .WithSummary("Log a callback (回访); a dissatisfied one reopens the case onto the problem list.");

        actions.MapAction<ClosePetition.Command>("close")
            .WithSummary("Verify and close, finally or as a stage closure with a rectification date (验收销号).");

        actions.MapAction<ReopenPetition.Command>("reopen")
            .WithSummary("Reopen onto the problem list with a target, deadline and responsible person.");

        actions.MapAction<RequestExtension.Command>("extension")
            .WithSummary("Ask for the case's one extension, at most 30 days (延期).");

        actions.MapPost("extension/approve", async (string caseNo, [AsParameters] CaseActionGuards guards, HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send(new ApproveExtension.Command(caseNo, guards.Key(), guards.Version()), ct)))
            .WithName(nameof(ApproveExtension)).CaseAction()
            .WithSummary("Approve the pending extension; the deadline moves. No body.");

        actions.MapAction<RefuseExtension.Command>("extension/refuse")
            .WithSummary("Refuse the pending extension, with a reason.");

        actions.MapAction<SupervisePetition.Command>("supervise")
            .WithSummary("Issue a supervision notice (督办通知).");

        actions.MapPost("supervision/{no:int}/reply", async (string caseNo, int no, ReplySupervisionNotice.Command body, [AsParameters] CaseActionGuards guards,
                HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send(body with { CaseNo = caseNo, NoticeNo = no, IdempotencyKey = guards.Key(), ExpectedVersion = guards.Version() }, ct)))
            .WithName(nameof(ReplySupervisionNotice)).CaseAction()
            .WithSummary("Answer the case's supervision notice {no}.");

        actions.MapAction<NameLeaderOwner.Command>("leader")
            .WithSummary("Name the leader who owns the case (领导包件).");

        actions.MapAction<AdjustProblemEntry.Command>("problem-list", put: true)
            .WithSummary("Set the target, deadline and responsible person of the case's problem-list entry (问题清单).");

        actions.MapAction<DivertPetition.Command>("divert")
            .WithSummary("Divert the matter to the competent body (转送: DisciplineInspection, PoliticalLegal, AdministrativeReconsideration, or Other with bodyName), with the reason and the notice to the complainant; the case ends Diverted.");

        actions.MapAction<FlagUrgent.Command>("urgent")
            .WithSummary("Flag an open case as an urgent matter (重大紧急: Emergency 突发环境事件 | MassIncident 群体性事件), with the reason.");

        actions.MapAction<ReportUrgent.Command>("urgent-reports")
            .WithSummary("Record the upward report of an urgent matter on the timeline: who was informed, and when.");

        actions.MapPost("complainant/reveal", async (string caseNo, RevealComplainantRequest body, [AsParameters] CaseActionGuards guards, HttpResponse response, IMediator m, CancellationToken ct) =>
            {
                var revealed = await m.Send(new RevealComplainant.Command(caseNo, body.Reason, guards.Key(), guards.Version()), ct);
                return response.WithETag(revealed.Version, revealed);
            })
            .WithName(nameof(RevealComplainant)).CaseAction()
            .WithSummary("The complainant in clear, for a stated reason; recorded on the timeline and in the reveal log.");
    }

    /// <summary>An action with a JSON body: the case from the route, the guards from the headers, then the pipeline.</summary>
    private static RouteHandlerBuilder MapAction<TCommand>(this RouteGroupBuilder group, string pattern, bool put = false)
        where TCommand : CaseAction, IRequest<PetitionView>
    {
        Delegate handler = async Task<Ok<PetitionView>> (string caseNo, TCommand body, [AsParameters] CaseActionGuards guards, HttpResponse response, IMediator m, CancellationToken ct) =>
            response.CaseWithETag(await m.Send((TCommand)body.Addressed(caseNo, guards.Key(), guards.Version()), ct));
        var builder = put ? group.MapPut(pattern, handler) : group.MapPost(pattern, handler);
        // The slice's name (AssignPetition, …): unique, and what the Application calls the use case.
        return builder.WithName(typeof(TCommand).DeclaringType!.Name).CaseAction();
    }
}

/// <summary>Why the complainant must be seen in clear (required; kept on the timeline and in the reveal log).</summary>
public sealed record RevealComplainantRequest(string? Reason);
