using System.Globalization;
using System.Text;
using MediatR;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Features.Exports;
using Petitions.Application.Features.Petitions;
using Petitions.Host.Components.Resources;
using Petitions.Host.Components.Shared;

namespace Petitions.Host.Components.Reading;

/// <summary>
/// GET /export/cases.xlsx and /export/cases.csv with the case list's filter: every matching case the user may see,
/// read through ListPetitions like the list itself. Lists carry no complainant data, so exports cannot either.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        // Downloads of the UI (cookie sign-in: without one the answer is a redirect to /signin), not part of the bearer
        // API's description; a malformed filter is a 400 naming the parameter.
        var export = app.MapGroup("/export").RequireAuthorization().ExcludeFromDescription()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status302Found))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        export.MapGet("/cases.xlsx", (HttpContext http, IMediator mediator, IStringLocalizer<Text> l) => Export(http, mediator, l, excel: true))
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        export.MapGet("/cases.csv", (HttpContext http, IMediator mediator, IStringLocalizer<Text> l) => Export(http, mediator, l, excel: false))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    private static async Task<IResult> Export(HttpContext http, IMediator mediator, IStringLocalizer<Text> l, bool excel)
    {
        var cases = new List<CaseListItem>();
        if (http.Request.Query.TryGetValue("caseNos", out var selected))
        {
            // The cases selected in a list (batch export): found one by one as the list shows them to this user.
            var batch = new Batch.BatchExportRequest { CaseNos = selected.SelectMany(v => (v ?? "").Split(',')).ToList() };
            var context = new Batch.BatchContext(await http.RequestServices.GetRequiredService<Petitions.Application.Common.Security.ICurrentUserAccessor>().GetAsync(http.RequestAborted),
                http.RequestServices, (r, ct) => mediator.Send(r, ct), (q, ct) => mediator.Send(q, ct), http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Petitions.Host.Batch"));
            var (_, found) = await Batch.BatchActions.ExportAsync(batch, context, http.RequestAborted);
            cases.AddRange(found);
        }
        else
        {
            var filter = CaseFilter.Parse(http.Request.QueryString.Value ?? "");
            await foreach (var row in AllCasesAsync(mediator, filter, http.RequestAborted)) cases.Add(row);
        }

        var rows = await RowsAsync(cases, mediator, l, http.RequestAborted);

        var name = FileName();
        if (excel)
        {
            var stream = new MemoryStream();
            await stream.SaveAsAsync(rows, cancellationToken: http.RequestAborted);
            stream.Position = 0;
            return Results.File(stream, XlsxType, name + ".xlsx");
        }

        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', rows[0].Keys.Select(Csv)));
        foreach (var row in rows.Where(r => r.Values.Any(v => v is not null))) csv.AppendLine(string.Join(',', row.Values.Select(v => Csv(Convert.ToString(v, CultureInfo.InvariantCulture)))));
        // A byte order mark so that spreadsheet programs read the Chinese text as UTF-8.
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", name + ".csv");
    }

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The name of an export file, by the China time it was made.</summary>
    public static string FileName() => $"cases-{DateTime.UtcNow.AddHours(8):yyyyMMdd-HHmm}";

    /// <summary>The .xlsx of these cases with the exported columns, headed in the user's language.</summary>
    public static async Task<byte[]> XlsxAsync(IReadOnlyList<CaseListItem> cases, IMediator mediator, IStringLocalizer<Text> l, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(cases, mediator, l, cancellationToken);
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    /// <summary>The exported rows of these cases (the header alone when there are none).</summary>
    private static async Task<List<Dictionary<string, object?>>> RowsAsync(IReadOnlyList<CaseListItem> cases, IMediator mediator, IStringLocalizer<Text> l, CancellationToken cancellationToken)
    {
        // The closing date and the result's text are not in the list's rows: read them for the listed cases, a page at a time.
        var outcomes = new Dictionary<string, GetCaseOutcomes.CaseOutcome>(StringComparer.Ordinal);
        foreach (var chunk in cases.Select(c => c.CaseNo).Chunk(GetCaseOutcomes.MaxCases))
        {
            foreach (var (caseNo, outcome) in await mediator.Send(new GetCaseOutcomes.CaseOutcomesQuery(chunk), cancellationToken)) outcomes[caseNo] = outcome;
        }

        var rows = cases.Select(c => Columns(c, outcomes.GetValueOrDefault(c.CaseNo), l)).ToList();
        if (rows.Count == 0) rows.Add(Columns(null, null, l));
        return rows;
    }

    /// <summary>Every case of the filter, page by page, as the request's user may see them.</summary>
    private static async IAsyncEnumerable<CaseListItem> AllCasesAsync(IMediator mediator, CaseFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var result = await mediator.Send((filter with { Page = page, PageSize = QueryValues.MaxPageSize }).ToQuery(), cancellationToken);
            foreach (var row in result.Items) yield return row;
            if (result.Items.Count == 0 || page * result.PageSize >= result.Total) yield break;
        }
    }

    /// <summary>The exported columns, headed in the user's language; a null row gives the header only.</summary>
    private static Dictionary<string, object?> Columns(CaseListItem? r, GetCaseOutcomes.CaseOutcome? outcome, IStringLocalizer<Text> l) => new()
    {
        [l["Field_CaseNo"]] = r?.CaseNo,
        [l["Field_Status"]] = r is null ? null : l["Status_" + r.Status].Value,
        [l["Field_Channel"]] = r is null ? null : l["Channel_" + r.Channel].Value,
        [l["Field_ReceivedAt"]] = r is null ? null : Fmt.At(r.ReceivedAt),
        [l["Field_Region"]] = r?.RegionName,
        [l["Field_LeadUnit"]] = r?.LeadUnitName,
        [l["Field_CoUnits"]] = r is null ? null : string.Join("、", r.CoUnits.Select(u => u.Name)),
        [l["Field_Target"]] = r?.Target,
        [l["Field_Categories"]] = r is null ? null : string.Join("、", r.Categories.Select(c => l["Category_" + c].Value)),
        [l["Field_DueAt"]] = r?.DueAt is { } due ? Fmt.Date(due) : null,
        [l["Badge_Overdue"]] = r is null ? null : r.Overdue ? l["Yes"].Value : "",
        [l["Badge_Repeat"]] = r is null ? null : r.IsRepeat ? r.RepeatOf ?? l["Yes"].Value : "",
        [l["Field_Verdict"]] = r?.Verdict is { } v ? l["Verdict_" + v].Value : null,
        [l["Field_Satisfaction"]] = r?.Satisfaction is { } s ? l["Satisfaction_" + s].Value : null,
        [l["Field_ClosureKind"]] = r?.CloseKind is { } k ? l["ClosureKind_" + k].Value : null,
        [l["Export_ClosedOn"]] = outcome?.ClosedAt is { } closedAt ? Fmt.Date(closedAt) : null,
        [l["Export_ResultText"]] = outcome?.ResultText,
        [l["Field_RoundCode"]] = r?.RoundCode,
        [l["Field_BatchNo"]] = r?.BatchNo,
        [l["Badge_Leader"]] = r?.Leader?.Name,
        [l["Badge_ProblemList"]] = r is null ? null : r.OnProblemList ? l["Yes"].Value : "",
        [l["Field_CaseType"]] = r is null ? null : l["CaseType_" + r.Type].Value,
        [l["Field_Urgent"]] = r?.Urgent is { } urgent ? l["UrgentKind_" + urgent].Value : null,
        [l["Field_DivertBody"]] = r?.DivertedTo is { } body ? l["DivertBody_" + body].Value : null,
    };

    /// <summary>RFC 4180 quoting; a leading = + - @ is neutralised so that a spreadsheet never runs a complaint's text as a formula.</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
