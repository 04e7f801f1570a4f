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
        var ledger = app.MapGroup("/api/rectification").WithTags("Rectification")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        ledger.MapGet("plans", async Task<Ok<IReadOnlyList<RectificationPlanView>>> (IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new ListRectificationPlans.ListRectificationPlansQuery(), ct)));

        ledger.MapGet("plans/{code}/summary", async Task<Ok<RectificationSummaryView>> (string code, DateOnly? asOf, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new GetRectificationSummary.GetRectificationSummaryQuery(code, asOf), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        ledger.MapGet("plans/{code}/tasks", async Task<Ok<IReadOnlyList<RectificationTaskListItem>>> (
                string code, DateOnly? asOf, string? status, string? unit, DateOnly? deadlineBy, bool? reportOverdue, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new ListRectificationTasks.ListRectificationTasksQuery(code, asOf, status, unit, deadlineBy, reportOverdue), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        ledger.MapGet("plans/{code}/export.xlsx", (string code, DateOnly? asOf, IMediator m, IStringLocalizer<Text> l, CancellationToken ct) => Xlsx(code, asOf, m, l, ct))
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType).ProducesProblem(StatusCodes.Status404NotFound);

        ledger.MapPost("imports", async Task<Ok<RectificationImportResult>> (ImportRectificationReport.ImportRectificationReportRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body, ct)))
            .ProducesValidationProblem();

        ledger.MapGet("tasks/{id}", async Task<Ok<RectificationTaskView>> (string id, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new GetRectificationTask.GetRectificationTaskQuery(id), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound);

        ledger.MapPut("tasks/{id}/responsibility", async Task<Ok<RectificationTaskView>> (string id, AssignRectificationTask.AssignRectificationTaskRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        ledger.MapPost("tasks/{id}/progress", async Task<Ok<RectificationTaskView>> (string id, ReportRectificationProgress.ReportRectificationProgressRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();

        ledger.MapPost("tasks/{id}/verification", async Task<Ok<RectificationTaskView>> (string id, VerifyRectificationTask.VerifyRectificationTaskRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();

        ledger.MapPost("tasks/{id}/verification/reject", async Task<Ok<RectificationTaskView>> (string id, RejectRectificationCompletion.RejectRectificationCompletionRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();

        ledger.MapPost("tasks/{id}/reopen", async Task<Ok<RectificationTaskView>> (string id, ReopenRectificationTask.ReopenRectificationTaskRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();

        ledger.MapPost("tasks/{id}/cases", async Task<Ok<RectificationTaskView>> (string id, LinkRectificationCase.LinkRectificationCaseRequest body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(body with { TaskId = id }, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();

        ledger.MapDelete("tasks/{id}/cases/{caseNo}", async Task<Ok<RectificationTaskView>> (string id, string caseNo, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new UnlinkRectificationCase.UnlinkRectificationCaseRequest(id, caseNo), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        ledger.MapGet("cases/{caseNo}/tasks", async Task<Ok<IReadOnlyList<RectificationTaskListItem>>> (string caseNo, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new ListCaseRectificationTasks.ListCaseRectificationTasksQuery(caseNo), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound);

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
