using FluentValidation;
using MediatR;
using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Contracts;
using Petitions.Contracts.Cases;
using Petitions.Contracts.Numbers;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Imports.History;

/// <summary>A previewed history import, kept until it is committed (and after, with its counts).</summary>
public sealed record HistoryImportRecord(
    string ImportId,
    string FileName,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    bool Valid,
    IReadOnlyList<HistoryLedgerRow> Rows,
    DateTimeOffset? CommittedAt = null,
    int Registered = 0,
    int Existing = 0);

/// <summary>Where previews of history imports are kept between preview and commit.</summary>
public interface IHistoryImportStore
{
    Task SaveAsync(HistoryImportRecord record, CancellationToken cancellationToken = default);
    Task<HistoryImportRecord?> FindAsync(string importId, CancellationToken cancellationToken = default);
    Task MarkCommittedAsync(string importId, DateTimeOffset committedAt, int registered, int existing, CancellationToken cancellationToken = default);
}

public enum HistoryImportOutcome { New, Existing, Invalid }

public sealed record HistoryImportRowPreview(int Row, string? ExternalRef, HistoryImportOutcome Outcome, IReadOnlyList<HistoryImportError> Errors);

public sealed record HistoryImportPreview(string ImportId, bool Valid, IReadOnlyList<HistoryImportRowPreview> Rows);

public sealed record HistoryImportCommitted(string ImportId, int Registered, int Existing);

/// <summary>The registration key of a ledger row: its own number, unique in the legacy ledger.</summary>
public static class HistoryImportKeys
{
    public static string Of(string externalRef) => GrainKeys.HandoverEntry("ledger", externalRef);
}

/// <summary>
/// POST /api/imports/history: an administrator uploads a legacy ledger (.xlsx). Every row is parsed, then replayed
/// through the case rules at its own dates (nothing written): the preview says per row whether it is new, already
/// imported, or invalid (per column: unparseable, or the rule that refuses its history). The parsed rows are kept
/// under the preview's id for the commit.
/// </summary>
public static class PreviewHistoryImport
{
    [Authorize(Roles.Admin)]
    public sealed record PreviewHistoryImportRequest : IRequest<HistoryImportPreview>
    {
        public string? FileName { get; init; }
        /// <summary>The uploaded .xlsx; null when the request carried no file.</summary>
        [System.Text.Json.Serialization.JsonIgnore] public Stream? Content { get; init; }
    }

    public const string FileField = "file";

    /// <summary>The same safe reading as a handover list (size, inflated size, parts, formulas), at most <see cref="HistoryLedger.MaxRows"/> rows.</summary>
    public static readonly SpreadsheetLimits Limits = new() { MaxRows = HistoryLedger.MaxRows };

    public static long MaxFileBytes => Limits.MaxBytes;

    public sealed class Validator : AbstractValidator<PreviewHistoryImportRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Content).NotNull().OverridePropertyName(FileField).WithMessage("Attach the ledger (.xlsx) as the multipart field 'file'.");
            RuleFor(r => r.FileName).MaximumLength(200).OverridePropertyName(FileField);
        }
    }

    public sealed class Handler(IGrainFactory grains, ICurrentUserAccessor users, UnitDirectory units, IHistoryImportStore store, IClock clock, ISpreadsheetReader reader)
        : IRequestHandler<PreviewHistoryImportRequest, HistoryImportPreview>
    {
        public async Task<HistoryImportPreview> Handle(PreviewHistoryImportRequest request, CancellationToken cancellationToken)
        {
            var table = await reader.ReadAsync(request.Content!, FileField, Limits, cancellationToken);
            var missing = HistoryLedger.Required.Where(c => !table.Headers.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new InvalidFieldException(FileField, ValidationCodes.SpreadsheetColumns, $"The sheet's header row lacks the columns {string.Join("、", missing)} (download the template).");
            if (table.Rows.Count == 0) throw new InvalidFieldException(FileField, ValidationCodes.SpreadsheetEmpty, "The ledger has no rows.");

            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var now = clock.UtcNow;
            var fileName = InputRules.TrimOrNull(request.FileName) ?? "ledger.xlsx";
            var parsed = new List<HistoryLedgerRow>();
            var previews = new List<HistoryImportRowPreview>();
            var seen = new HashSet<string>();
            foreach (var line in table.Rows)
            {
                var errors = new List<HistoryImportError>();
                var row = HistoryLedger.Parse(line, tree, errors);
                if (row.ExternalRef.Length > 0 && !seen.Add(row.ExternalRef))
                    errors.Add(new(HistoryLedger.Ref, "Duplicate", $"'{row.ExternalRef}' appears twice in the ledger."));
                var outcome = HistoryImportOutcome.Invalid;
                if (errors.Count == 0)
                {
                    outcome = await Exists(row) ? HistoryImportOutcome.Existing : HistoryImportOutcome.New;
                    if (outcome == HistoryImportOutcome.New)
                    {
                        var (_, _, refusal) = CaseHistoryReplay.Replay("XF-PREVIEW", HistoryLedger.ToHistory(row, fileName), new Actor(user.Username, user.DisplayName), now, ProblemDefaults.Standard);
                        if (refusal is not null)
                        {
                            errors.Add(new(HistoryLedger.ColumnOf(refusal), refusal.Violation.Rule, refusal.Violation.Message));
                            outcome = HistoryImportOutcome.Invalid;
                        }
                    }
                }

                parsed.Add(row);
                previews.Add(new(row.Row, row.ExternalRef.Length == 0 ? null : row.ExternalRef, outcome, errors));
            }

            var valid = previews.All(p => p.Outcome != HistoryImportOutcome.Invalid);
            var importId = Guid.NewGuid().ToString("N");
            await store.SaveAsync(new HistoryImportRecord(importId, fileName, user.Username, now, valid, parsed), cancellationToken);
            return new HistoryImportPreview(importId, valid, previews);
        }

        private async Task<bool> Exists(HistoryLedgerRow row) =>
            await grains.GetGrain<IRegistrationKeyGrain>(HistoryImportKeys.Of(row.ExternalRef)).Find() is { } caseNo
            && await grains.GetGrain<IPetitionCaseGrain>(caseNo).Get() is not null;
    }
}

/// <summary>
/// POST /api/imports/{importId}/commit (through <see cref="CommitImport"/>): imports every row of a valid preview, each case through its grain's
/// history entry point (the rules decide again, at the dates given). A preview with an invalid row commits nothing (409);
/// rows imported before (same ledger number) are counted as existing and left as they are.
/// </summary>
public static class CommitHistoryImport
{
    [Authorize(Roles.Admin)]
    public sealed record CommitHistoryImportRequest(string ImportId) : IRequest<HistoryImportCommitted>;

    public sealed class Validator : AbstractValidator<CommitHistoryImportRequest>
    {
        public Validator() => RuleFor(r => r.ImportId).NotEmpty().MaximumLength(64).Matches("^[0-9a-f]+$");
    }

    public sealed class Handler(IGrainFactory grains, ICurrentUserAccessor users, IHistoryImportStore store, IClock clock)
        : IRequestHandler<CommitHistoryImportRequest, HistoryImportCommitted>
    {
        public async Task<HistoryImportCommitted> Handle(CommitHistoryImportRequest request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var record = await store.FindAsync(request.ImportId, cancellationToken) ?? throw new NotFoundException($"No history import {request.ImportId}.");
            if (!record.Valid) throw new ConflictException(ConflictRules.HistoryImportInvalid, "The preview has invalid rows: correct the ledger and upload it again.");

            var meta = new CommandMeta(new Actor(user.Username, user.DisplayName));
            int registered = 0, existing = 0;
            var refused = new List<string>();
            foreach (var row in record.Rows)
            {
                var year = ChinaTime.DateOf(row.ReceivedAt).Year;
                var caseNo = await grains.GetGrain<IRegistrationKeyGrain>(HistoryImportKeys.Of(row.ExternalRef)).Reserve(year);
                var result = await grains.GetGrain<IPetitionCaseGrain>(caseNo).ImportHistory(HistoryImportMessage.Of(HistoryLedger.ToHistory(row, record.FileName)), meta);
                switch (result.Outcome)
                {
                    case CommandOutcome.Applied: registered++; break;
                    case CommandOutcome.Refused: refused.Add($"{row.Row}"); break;
                    default: existing++; break;
                }
            }

            await store.MarkCommittedAsync(record.ImportId, clock.UtcNow, registered, existing, cancellationToken);
            if (refused.Count > 0)
            {
                // Only possible when the cases changed since the preview (a unit's defaults, the clock): say which rows.
                throw new ConflictException(ConflictRules.HistoryImportInvalid, $"Rows {string.Join(", ", refused)} were refused at commit; {registered} imported.");
            }

            return new HistoryImportCommitted(record.ImportId, registered, existing);
        }
    }
}
