using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Petitions.Application.Features.Rectification;
using Petitions.Host.Components.Resources;

namespace Petitions.Host.Endpoints;

/// <summary>The rectification ledger (整改任务台账): plans, tasks, progress, verification, links to cases, import and export.</summary>
public static class RectificationEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapRectificationEndpoints(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/api/rectification").WithTags(ApiTags.Rectification)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        ledger.MapGet("plans", async Task<Ok<IReadOnlyList<RectificationPlanView>>> (IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new ListRectificationPlans.ListRectificationPlansQuery(), ct)))
            .WithName("ListRectificationPlans").WithSummary("The rectification plans (整改方案) the caller may see, with their task counts.");

        ledger.MapGet("plans/{code}/summary", async Task<Ok<RectificationSummaryView>> (string code, DateOnly? asOf, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new GetRectificationSummary.GetRectificationSummaryQuery(code, asOf), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem()
            .WithName("GetRectificationSummary").WithSummary("A plan's summary as of a date: completed, kept up, on schedule, in progress, overdue, and counts by status as written.");

        ledger.MapGet("plans/{code}/tasks", async Task<Ok<IReadOnlyList<RectificationTaskListItem>>> (
                string code, DateOnly? asOf, string? status, string? unit, DateOnly? deadlineBy, bool? reportOverdue, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new ListRectificationTasks.ListRectificationTasksQuery(code, asOf, status, unit, deadlineBy, reportOverdue), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem()
            .WithName("ListRectificationTasks").WithSummary("A plan's tasks as of a date, filtered by status, unit, deadline or overdue progress reports.");

        ledger.MapGet("plans/{code}/export.xlsx", (string code, DateOnly? asOf, IMediator m, IStringLocalizer<Text> l, CancellationToken ct) => Xlsx(code, asOf, m, l, ct))
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ExportRectificationLedger").WithSummary("The plan's ledger as an .xlsx sheet in the appendix's shape.");

        ledger.MapPost("imports", async Task<Ok<RectificationImportResult>> (ImportRectificationReport.ImportRectificationReportRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body, ct)))
            .ProducesValidationProblem()
            .WithName("ImportRectificationReport").WithSummary("Import a rectification report's appendices (plans, tasks, measures, statuses); all or nothing, lines it cannot place reported.");

        ledger.MapGet("tasks/{id}", async Task<Ok<RectificationTaskView>> (string id, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new GetRectificationTask.GetRectificationTaskQuery(id), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetRectificationTask").WithSummary("A task with its finding, deadline, measures, progress history, linked cases and timeline.");

        ledger.MapPut("tasks/{id}/responsibility", async Task<Ok<RectificationTaskView>> (string id, AssignRectificationTask.AssignRectificationTaskRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem()
            .WithName("AssignRectificationTask").WithSummary("Set a task's lead unit, other units, responsible leader and reporting cycle (administrators).");

        ledger.MapPost("tasks/{id}/progress", async Task<Ok<RectificationTaskView>> (string id, ReportRectificationProgress.ReportRectificationProgressRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem()
            .WithName("ReportRectificationProgress").WithSummary("The responsible unit reports progress (as of a date, with a status); a completion waits for verification.");

        ledger.MapPost("tasks/{id}/verification", async Task<Ok<RectificationTaskView>> (string id, VerifyRectificationTask.VerifyRectificationTaskRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem()
            .WithName("VerifyRectificationTask").WithSummary("A supervisor verifies a reported completion with evidence and closes the task (验收销号).");

        ledger.MapPost("tasks/{id}/verification/reject", async Task<Ok<RectificationTaskView>> (string id, RejectRectificationCompletion.RejectRectificationCompletionRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem()
            .WithName("RejectRectificationCompletion").WithSummary("A supervisor rejects a reported completion, with the reason.");

        ledger.MapPost("tasks/{id}/reopen", async Task<Ok<RectificationTaskView>> (string id, ReopenRectificationTask.ReopenRectificationTaskRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem()
            .WithName("ReopenRectificationTask").WithSummary("Reopen a completed task when the problem comes back.");

        ledger.MapPost("tasks/{id}/cases", async Task<Ok<RectificationTaskView>> (string id, LinkRectificationCase.LinkRectificationCaseRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem()
            .WithName("LinkRectificationCase").WithSummary("Link a petition case about the same problem to the task.");

        ledger.MapDelete("tasks/{id}/cases/{caseNo}", async Task<Ok<RectificationTaskView>> (string id, string caseNo, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new UnlinkRectificationCase.UnlinkRectificationCaseRequest(id, caseNo), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UnlinkRectificationCase").WithSummary("Remove a case link from the task.");

        ledger.MapGet("cases/{caseNo}/tasks", async Task<Ok<IReadOnlyList<RectificationTaskListItem>>> (string caseNo, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new ListCaseRectificationTasks.ListCaseRectificationTasksQuery(caseNo), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListCaseRectificationTasks").WithSummary("The rectification tasks a case is linked to.");

        return app;
    }

    /// <summary>GET /export/rectification/{code}.xlsx: the same sheet for the signed-in UI (cookie), read through the same query.</summary>
    public static IEndpointRouteBuilder MapRectificationExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/rectification/{code}.xlsx", (string code, DateOnly? asOf, IMediator m, IStringLocalizer<Text> l, CancellationToken ct) => Xlsx(code, asOf, m, l, ct))
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<FileStreamHttpResult> Xlsx(string code, DateOnly? asOf, IMediator m, IStringLocalizer<Text> l, CancellationToken ct)
    {
        var sheet = await m.Send(new ExportRectificationLedger.ExportRectificationLedgerQuery(code, asOf), ct);
        var stream = new MemoryStream();
        await stream.SaveAsAsync(Sheet(sheet, l), sheetName: sheet.AsOf.ToString("yyyy-MM-dd"), cancellationToken: ct);
        stream.Position = 0;
        return TypedResults.File(stream, XlsxContentType, $"rectification-{sheet.PlanCode}-{sheet.AsOf:yyyyMMdd}.xlsx");
    }

    /// <summary>The appendix's columns, headed in the user's language; a sheet with no task still has its header.</summary>
    private static List<Dictionary<string, object?>> Sheet(RectificationLedgerSheet sheet, IStringLocalizer<Text> l)
    {
        Dictionary<string, object?> Row(RectificationLedgerSheetRow? r) => new()
        {
            [l["Ledger_Col_Number"]] = r?.Number,
            [l["Ledger_Col_Problem"]] = r?.Problem,
            [l["Ledger_Col_Deadline"]] = r?.Deadline,
            [l["Ledger_Col_Status"]] = r?.StatusAsWritten,
            [l["Ledger_Col_Category"]] = r is null ? null : l["LedgerCategory_" + r.Category].Value,
            [l["Ledger_Col_Units"]] = r?.Units,
            [l["Ledger_Col_Leader"]] = r?.Leader,
            [l["Ledger_Col_Measures"]] = r?.Measures,
        };
        var rows = sheet.Rows.Select(Row).ToList();
        if (rows.Count == 0) rows.Add(Row(null));
        return rows;
    }
}
