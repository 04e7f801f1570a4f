using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Rectification;
using Petitions.Contracts.Rectification;
using Orleans;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Rectification;

/// <summary>
/// POST /api/rectification/imports: an administrator imports a rectification progress report (its appendices) as
/// plans and tasks of an inspection round, as of the report's date. All or nothing: a copy with any line the parser
/// cannot place, or an owner that is no known unit, is refused line by line (400 naming "text") and changes nothing.
/// The same report again changes nothing; a later report in the same format adds each task's newer status.
/// </summary>
public static class ImportRectificationReport
{
    public const int MaxTextLength = 2_000_000;

    [Authorize(Roles.Admin)]
    public sealed record ImportRectificationReportRequest : IRequest<RectificationImportResult>
    {
        public string? Text { get; init; }
        public string? RoundCode { get; init; }
        /// <summary>The report's as-of date; by default the "截至YYYY年M月底" of its body.</summary>
        public DateOnly? AsOf { get; init; }
    }

    public sealed class Validator : AbstractValidator<ImportRectificationReportRequest>
    {
        public Validator(RoundCatalog rounds)
        {
            RuleFor(r => r.Text).NotEmpty().MaximumLength(MaxTextLength).PlainText();
            RuleFor(r => r.RoundCode).NotEmpty().MaximumLength(20)
                .MustAsync(async (code, ct) => await rounds.FindAsync(code!.Trim(), ct) is not null).WithMessage("'Round Code' must be a known inspection round.");
        }
    }

    public sealed class Handler(LedgerAccess access, RectificationImporter importer) : IRequestHandler<ImportRectificationReportRequest, RectificationImportResult>
    {
        public async Task<RectificationImportResult> Handle(ImportRectificationReportRequest request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            return await importer.ImportAsync(request.Text!, request.RoundCode!.Trim(), request.AsOf, caller.Tree, caller.Actor, cancellationToken);
        }
    }
}

/// <summary>The import itself, shared by the endpoint and the demo start-up: parse, check owners, then write grains.</summary>
public sealed class RectificationImporter(IGrainFactory grains)
{
    public async Task<RectificationImportResult> ImportAsync(string text, string roundCode, DateOnly? asOfOverride, UnitTree tree, Actor actor, CancellationToken cancellationToken)
    {
        var parsed = ReportParser.Parse(text);
        var unplaced = parsed.Unplaced.ToList();
        var owners = new Dictionary<ParsedPlan, string>();
        foreach (var plan in parsed.Plans)
        {
            var owner = tree.All.FirstOrDefault(u => u.Name == plan.OwnerName);
            if (owner is null) unplaced.Add(new UnplacedLine(plan.LineNo, plan.Title, $"No responsible unit is named '{plan.OwnerName}'."));
            else owners[plan] = owner.Code;
        }

        if (unplaced.Count > 0)
        {
            throw new ValidationException(unplaced.OrderBy(u => u.LineNo).Select(u =>
                new ValidationFailure("text", $"Line {u.LineNo}: {u.Reason} {Excerpt(u.Text)}".TrimEnd())));
        }

        var asOf = asOfOverride ?? parsed.AsOf ?? throw new InvalidFieldException("asOf", ValidationCodes.AsOfDate, "The report states no as-of date (截至…月底): give asOf.");
        var tasks = 0;
        var codes = new List<string>();
        foreach (var plan in parsed.Plans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var owner = owners[plan];
            var code = RectificationPlan.CodeFor(roundCode, owner);
            var reference = $"《{plan.Title}》（附件{plan.Appendix}，截至 {asOf:yyyy-MM-dd}）";
            var ids = new List<string>();
            foreach (var task in plan.Tasks)
            {
                var id = RectificationPlan.TaskId(code, task.Seq);
                var (status, written) = task.Overall!.Value;
                var result = await grains.GetGrain<IRectificationTaskGrain>(id).Execute(new ImportTaskCommand(code, task.Seq, task.Number, task.Problem,
                    task.EffectiveDeadline, task.SubTasks, task.Measures, written, status, asOf, owner, reference), actor);
                if (result.Violation is { } violation) throw new RuleViolationException(violation);
                ids.Add(id);
                tasks++;
            }

            // The plan is written after its tasks: a listed plan always has them.
            await grains.GetGrain<IRectificationPlanGrain>(code).RecordReport(new RectificationPlanDraft(
                plan.Title, RectificationPlan.ShortNameOf(plan.OwnerName), owner, roundCode, asOf, ids));
            codes.Add(code);
        }

        return new RectificationImportResult(parsed.Plans.Count, tasks, [], asOf, codes);
    }

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

public sealed record RectificationUnplacedLine(int LineNo, string Text, string Reason);

public sealed record RectificationImportResult(int Plans, int Tasks, IReadOnlyList<RectificationUnplacedLine> Unplaced, DateOnly AsOf, IReadOnlyList<string> PlanCodes);
