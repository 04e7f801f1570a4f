using System.Text.Json;
using FluentValidation;
using MediatR;
using Orleans;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Repeats;
using Petitions.Contracts;
using Petitions.Contracts.Cases;
using Petitions.Contracts.Numbers;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Privacy;
using Petitions.Domain.Subjects;

namespace Petitions.Application.Features.Imports;

public enum HandoverRowOutcome { New, Existing, Invalid }

public enum HandoverImportStatus { Previewed, Committing, Committed }

/// <summary>What is wrong with one cell: its column (as the list heads it), a code to translate by, and an English message.</summary>
public sealed record HandoverImportCellError(string Column, string Code, string Message);

/// <summary>An earlier case a row may repeat: the repeat rule's judgement, and whether registering links to it.</summary>
public sealed record HandoverPossibleRepeat(string CaseNo, RepeatKind Kind, bool WillLink, string Reason);

/// <summary>One row of the previewed list and what committing will make of it.</summary>
public sealed record HandoverImportRow(
    int Row, string? ExternalRef, HandoverRowOutcome Outcome, string? CaseNo,
    IReadOnlyList<HandoverImportCellError> Errors, IReadOnlyList<HandoverPossibleRepeat> PossibleRepeats);

/// <summary>A previewed list: all rows, and whether it may be committed (no invalid row).</summary>
public sealed record HandoverImportPreview(
    string ImportId, string RoundCode, int BatchNo, bool Valid, int Total, int New, int Existing, int Invalid,
    IReadOnlyList<HandoverImportRow> Rows);

/// <summary>An import's progress (for a client polling while a large list is committed).</summary>
public sealed record HandoverImportProgress(
    string ImportId, string RoundCode, int BatchNo, HandoverImportStatus Status, bool Valid, int Total, int Registered, int Existing, DateTimeOffset CreatedAt);

/// <summary>The result of a commit: cases registered now, and rows that were registered before (nothing twice).</summary>
public sealed record CommitHandoverImportResponse(string ImportId, int Registered, int Existing);

/// <summary>A stored preview. <see cref="RowsJson"/> holds the registrations to make (with the complainants the list names) until the commit clears it.</summary>
public sealed record HandoverImportRecord
{
    public required string Id { get; init; }
    public required string RoundCode { get; init; }
    public int BatchNo { get; init; }
    public required string FileName { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Total { get; init; }
    public bool Valid { get; init; }
    public HandoverImportStatus Status { get; init; }
    public int Registered { get; init; }
    public int Existing { get; init; }
    public DateTimeOffset? CommittedAt { get; init; }
    public string? RowsJson { get; init; }
}

/// <summary>The handover_imports table, and the handover numbers a round already has in the case index.</summary>
public interface IHandoverImportStore
{
    Task SaveAsync(HandoverImportRecord record, CancellationToken cancellationToken = default);

    Task<HandoverImportRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <returns>False when the import was not in <paramref name="from"/> (another commit took it).</returns>
    Task<bool> MoveAsync(string id, HandoverImportStatus from, HandoverImportStatus to, CancellationToken cancellationToken = default);

    Task ProgressAsync(string id, int registered, int existing, CancellationToken cancellationToken = default);

    /// <summary>Committed: the counts stay, the rows (and the personal data in them) are cleared.</summary>
    Task CompleteAsync(string id, int registered, int existing, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The cases of a round registered under these handover numbers (number → case number).</summary>
    Task<IReadOnlyDictionary<string, string>> RegisteredAsync(string roundCode, IReadOnlyCollection<string> externalRefs, CancellationToken cancellationToken = default);
}

/// <summary>
/// POST /api/rounds/{code}/batches/{no}/imports: intake uploads a handover list; every row is read and checked like a
/// registration (per column), numbers repeated inside the list and rows registered before are found, possible repeats
/// shown. Nothing is registered: the preview is stored for <see cref="CommitHandoverImport"/>.
/// </summary>
public static class PreviewHandoverImport
{
    public const string FileField = "file";
    public static readonly SpreadsheetLimits Limits = new();
    private const int Parallelism = 4;

    [Authorize(Roles.Intake, Roles.Supervisor)]
    public sealed record PreviewHandoverImportRequest : IRequest<HandoverImportPreview>
    {
        public string RoundCode { get; init; } = "";
        public int BatchNo { get; init; }
        public string? FileName { get; init; }
        /// <summary>The uploaded .xlsx; null when the request carried no file.</summary>
        public Stream? Content { get; init; }
    }

    public sealed class Validator : AbstractValidator<PreviewHandoverImportRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Content).NotNull().OverridePropertyName(FileField).WithMessage("Upload the list as the multipart field 'file'.");
            RuleFor(r => r.FileName).MaximumLength(200).OverridePropertyName(FileField);
        }
    }

    public sealed class Handler(
        ISpreadsheetReader reader, IHandoverImportStore store, RoundCatalog rounds, UnitDirectory units, ICurrentUserAccessor users,
        IClock clock, RepeatFinder repeats) : IRequestHandler<PreviewHandoverImportRequest, HandoverImportPreview>
    {
        public async Task<HandoverImportPreview> Handle(PreviewHandoverImportRequest request, CancellationToken cancellationToken)
        {
            if (await rounds.FindAsync(request.RoundCode, cancellationToken) is null || !await rounds.BatchExistsAsync(request.RoundCode, request.BatchNo, cancellationToken))
                throw new NotFoundException($"Batch {request.BatchNo} of round {request.RoundCode} was not found.");

            var table = await reader.ReadAsync(request.Content!, FileField, Limits, cancellationToken);
            var missing = HandoverList.Required.Where(c => !table.Headers.Contains(c)).ToList();
            if (!table.Headers.Contains(HandoverList.Number) && !table.Headers.Contains(HandoverList.Seq)) missing.Insert(0, HandoverList.Number);
            if (missing.Count > 0)
                throw new InvalidFieldException(FileField, ValidationCodes.SpreadsheetColumns, $"The list has no column {string.Join(", ", missing)} (download the template).");
            if (table.Rows.Count == 0) throw new InvalidFieldException(FileField, ValidationCodes.SpreadsheetEmpty, "The list has no rows.");

            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var scope = Scope.For(user, tree, [Roles.Intake, Roles.Supervisor]);
            var validator = new RegisterPetition.Validator(units, clock, rounds);
            var registered = await store.RegisteredAsync(request.RoundCode,
                table.Rows.Select(HandoverList.NumberOf).OfType<string>().Distinct().ToList(), cancellationToken);
            var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);

            // Read every row in order (numbers used twice are found in list order), then check the rows in parallel.
            var read = new List<(SpreadsheetRow Line, RegisterPetition.Command Command, List<HandoverImportCellError> Errors)>();
            foreach (var line in table.Rows)
            {
                var (command, errors) = HandoverList.ToRegistration(line, request.RoundCode, request.BatchNo, tree);
                var number = command.ExternalRef;
                if (number is not null && !firstRowOf.TryAdd(number, line.RowNo))
                    errors.Add(new(HandoverList.Number, ValidationCodes.DuplicateInList, $"'{number}' is also the number of row {firstRowOf[number]}."));
                read.Add((line, command, errors));
            }

            var checkedRows = new HandoverImportRow[read.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, read.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (i, ct) => checkedRows[i] = await CheckAsync(read[i].Line, read[i].Command, read[i].Errors, registered, scope, validator, ct));
            var rows = checkedRows.ToList();
            var commands = read.Where((_, i) => rows[i].Outcome == HandoverRowOutcome.New).Select(r => r.Command).ToList();

            var valid = rows.All(r => r.Outcome != HandoverRowOutcome.Invalid);
            var record = new HandoverImportRecord
            {
                Id = Guid.NewGuid().ToString("N"),
                RoundCode = request.RoundCode,
                BatchNo = request.BatchNo,
                FileName = InputRules.TrimOrNull(request.FileName) ?? "list.xlsx",
                CreatedBy = user.Username,
                CreatedAt = clock.UtcNow,
                Total = rows.Count,
                Valid = valid,
                Status = HandoverImportStatus.Previewed,
                // An invalid list cannot be committed: its rows are not kept.
                RowsJson = valid ? JsonSerializer.Serialize(commands, ApiJson.Options) : null,
            };
            await store.SaveAsync(record, cancellationToken);
            return new HandoverImportPreview(record.Id, record.RoundCode, record.BatchNo, valid, rows.Count,
                rows.Count(r => r.Outcome == HandoverRowOutcome.New), rows.Count(r => r.Outcome == HandoverRowOutcome.Existing),
                rows.Count(r => r.Outcome == HandoverRowOutcome.Invalid), rows);
        }

        /// <summary>One row: registered before, invalid (per column), or new with the cases it may repeat.</summary>
        private async Task<HandoverImportRow> CheckAsync(SpreadsheetRow line, RegisterPetition.Command command, List<HandoverImportCellError> errors,
            IReadOnlyDictionary<string, string> registered, Scope scope, RegisterPetition.Validator validator, CancellationToken cancellationToken)
        {
            var number = command.ExternalRef;
            if (number is not null && registered.TryGetValue(number, out var existingCase) && errors.Count == 0)
                return new HandoverImportRow(line.RowNo, number, HandoverRowOutcome.Existing, existingCase, [], []);

            if (command.RegionCode is { } region && !scope.Includes(region))
                errors.Add(new(HandoverList.Region, ValidationCodes.RegionOutOfScope, $"'{region}' is outside your units."));
            var flagged = errors.Select(e => e.Column).ToHashSet();
            foreach (var failure in (await validator.ValidateAsync(command, cancellationToken)).Errors)
            {
                var column = HandoverList.ColumnOf(failure.PropertyName);
                if (flagged.Add(column)) errors.Add(new(column, failure.ErrorCode, failure.ErrorMessage));
            }

            if (errors.Count > 0) return new HandoverImportRow(line.RowNo, number, HandoverRowOutcome.Invalid, null, errors, []);

            var probe = new RepeatProbe(command.RegionCode!, command.Target, command.Complainant?.Phone, command.Address,
                command.Categories!.Select(c => Enum.Parse<Category>(c)).ToList(), command.ReceivedAt!.Value);
            var candidates = await repeats.FindAsync(probe, scope, 3, cancellationToken);
            return new HandoverImportRow(line.RowNo, number, HandoverRowOutcome.New, null, [],
                candidates.Select(c => new HandoverPossibleRepeat(c.CaseNo, c.Kind, c.WillLink, c.Reason)).ToList());
        }
    }
}

/// <summary>
/// POST /api/imports/{id}/commit: registers every new row of a valid preview through the domain's registration (the
/// rules of POST /api/petitions), each under its handover number in the round, so a row registered before (by an
/// earlier import, by hand, or by an interrupted commit) lands on its case again and counts as existing. 409 when the
/// preview had an invalid row: then nothing is registered.
/// </summary>
public static class CommitHandoverImport
{
    private const int Parallelism = 8;
    private const int ProgressEvery = 100;

    [Authorize(Roles.Intake, Roles.Supervisor)]
    public sealed record CommitHandoverImportRequest(string ImportId) : IRequest<CommitHandoverImportResponse>;

    public sealed class Handler(
        IHandoverImportStore store, IGrainFactory grains, ICurrentUserAccessor users, RoundCatalog rounds, PhoneHasher phones, IClock clock)
        : IRequestHandler<CommitHandoverImportRequest, CommitHandoverImportResponse>
    {
        public async Task<CommitHandoverImportResponse> Handle(CommitHandoverImportRequest request, CancellationToken cancellationToken)
        {
            var record = await store.FindAsync(request.ImportId, cancellationToken) ?? throw new NotFoundException($"Import {request.ImportId} was not found.");
            if (!record.Valid)
                throw new ConflictException(ConflictRules.ImportHasInvalidRows, "The list has invalid rows: correct them and upload it again. Nothing was registered.");
            if (record.Status == HandoverImportStatus.Committed) return new CommitHandoverImportResponse(record.Id, record.Registered, record.Existing);
            // One commit at a time; a commit that failed half way is taken up again (its rows land on their cases).
            await store.MoveAsync(record.Id, HandoverImportStatus.Previewed, HandoverImportStatus.Committing, cancellationToken);

            var user = (await users.GetAsync(cancellationToken))!;
            var meta = new CommandMeta(new Actor(user.Username, user.DisplayName));
            var round = await rounds.FindAsync(record.RoundCode, cancellationToken);
            var commands = JsonSerializer.Deserialize<List<RegisterPetition.Command>>(record.RowsJson ?? "[]", ApiJson.Options)!;
            var (registered, existing, done) = (0, 0, 0);
            await Parallel.ForEachAsync(commands, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (command, ct) =>
            {
                var year = ChinaTime.DateOf(command.ReceivedAt!.Value).Year;
                var caseNo = await grains.GetGrain<IRegistrationKeyGrain>(GrainKeys.HandoverEntry(record.RoundCode, command.ExternalRef!.Trim())).Reserve(year);
                var phoneHash = await phones.HashAsync(PhoneNumber.Normalize(command.Complainant?.Phone), ct);
                var result = await grains.GetGrain<IPetitionCaseGrain>(caseNo).Execute(RegisterPetition.ToDomain(command, round?.Code, round?.HandlingDays, phoneHash), meta);
                if (result.Violation is { } violation) throw new RuleViolationException(violation, caseNo);
                if (result.Outcome == CommandOutcome.Applied) Interlocked.Increment(ref registered);
                else Interlocked.Increment(ref existing);
                if (Interlocked.Increment(ref done) % ProgressEvery == 0)
                    await store.ProgressAsync(record.Id, Volatile.Read(ref registered), Volatile.Read(ref existing), ct);
            });

            existing += record.Total - commands.Count;
            await store.CompleteAsync(record.Id, registered, existing, clock.UtcNow, cancellationToken);
            return new CommitHandoverImportResponse(record.Id, registered, existing);
        }
    }
}

/// <summary>GET /api/imports/{id}: an import's status and progress (a client polls it while a commit runs).</summary>
public static class GetHandoverImport
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    public sealed record GetHandoverImportQuery(string ImportId) : IRequest<HandoverImportProgress>;

    public sealed class Handler(IHandoverImportStore store) : IRequestHandler<GetHandoverImportQuery, HandoverImportProgress>
    {
        public async Task<HandoverImportProgress> Handle(GetHandoverImportQuery request, CancellationToken cancellationToken)
        {
            var r = await store.FindAsync(request.ImportId, cancellationToken) ?? throw new NotFoundException($"Import {request.ImportId} was not found.");
            return new HandoverImportProgress(r.Id, r.RoundCode, r.BatchNo, r.Status, r.Valid, r.Total, r.Registered, r.Existing, r.CreatedAt);
        }
    }
}
