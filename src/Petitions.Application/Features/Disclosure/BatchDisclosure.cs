using System.Text.Json;
using FluentValidation;
using MediatR;
using Orleans;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Disclosure;

/// <summary>The public status of a handover case: 已办结 (finally closed), 阶段性办结 (closed at a stage), 办理中.</summary>
public enum DisclosureStage { Closed, StageClosed, InProgress }

/// <summary>
/// One line of a batch's public table (一览表): no complainant, no address, no handler. Measures and penalties are the
/// responsible unit's written result, with anything that repeats the complainant's name, phone or address masked.
/// </summary>
public sealed record DisclosureRow(
    string CaseNo, string RegionCode, string Region, string Target, IReadOnlyList<Category> Categories, Verdict? Verdict,
    string? Measures, string? Penalties, DisclosureStage Stage, string Status);

/// <summary>The public table of one handover batch, as published.</summary>
public sealed record PublicBatchDisclosure(
    string Round, string RoundName, int Batch, DateOnly? PublishBy, DateTimeOffset PublishedAt, IReadOnlyList<DisclosureRow> Rows);

/// <summary>A batch's publication: its deadline, and when (if ever) it was published, and whether that was late.</summary>
public sealed record BatchPublicationView(string Round, int Batch, DateOnly? PublishBy, DateTimeOffset? PublishedAt, bool Late, int Rows);

public sealed record BatchDisclosureRecord(string RoundCode, int BatchNo, DateOnly? PublishBy, DateTimeOffset? PublishedAt, string? PublishedBy, string? RowsJson);

/// <summary>The batch_disclosures table.</summary>
public interface IDisclosureStore
{
    Task<BatchDisclosureRecord?> FindAsync(string roundCode, int batchNo, CancellationToken cancellationToken = default);

    Task SetDeadlineAsync(string roundCode, int batchNo, DateOnly? publishBy, CancellationToken cancellationToken = default);

    Task PublishAsync(string roundCode, int batchNo, DateTimeOffset at, string by, string rowsJson, CancellationToken cancellationToken = default);
}

internal static class DisclosureRules
{
    public static string StatusText(DisclosureStage stage) => stage switch
    {
        DisclosureStage.Closed => "已办结",
        DisclosureStage.StageClosed => "阶段性办结",
        _ => "办理中",
    };

    public static DisclosureStage StageOf(PetitionCase c) => c.Status == CaseStatus.Closed
        ? c.Closure?.Kind == ClosureKind.Stage ? DisclosureStage.StageClosed : DisclosureStage.Closed
        : DisclosureStage.InProgress;

    /// <summary>Masks whatever repeats the complainant's identity in the unit's written text.</summary>
    public static string? Masked(string? text, Complainant? complainant)
    {
        if (string.IsNullOrWhiteSpace(text) || complainant is null) return text;
        foreach (var secret in new[] { complainant.Name, complainant.Phone, complainant.Address }.Where(s => s is { Length: >= 2 }))
            text = text.Replace(secret!, "***", StringComparison.Ordinal);
        return text;
    }

    public static bool IsLate(DateOnly? publishBy, DateTimeOffset? publishedAt, DateTimeOffset now) =>
        publishBy is { } by && ChinaTime.EndOfDay(by) < (publishedAt ?? now);

    public static async Task RequireBatch(RoundCatalog rounds, string round, int batch, CancellationToken ct)
    {
        if (await rounds.FindAsync(round, ct) is null || !await rounds.BatchExistsAsync(round, batch, ct))
            throw new NotFoundException($"Batch {batch} of round {round} was not found.");
    }
}

/// <summary>PUT /api/rounds/{code}/batches/{no}/publication: the date by which a batch's results are to be published.</summary>
public static class SetPublicationDeadline
{
    [Authorize(Roles.Supervisor, Roles.Admin)]
    public sealed record SetPublicationDeadlineRequest : IRequest<BatchPublicationView>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string RoundCode { get; init; } = "";
        [System.Text.Json.Serialization.JsonIgnore] public int BatchNo { get; init; }
        /// <summary>The last China day of publication; null removes the deadline.</summary>
        public DateOnly? PublishBy { get; init; }
    }

    public sealed class Validator : AbstractValidator<SetPublicationDeadlineRequest>
    {
        public Validator() => RuleFor(r => r.PublishBy).Must(d => d is null || d.Value.Year is >= 2000 and <= 2100)
            .WithErrorCode(Common.Validation.ValidationCodes.Date).WithMessage("'Publish By' must be a date between 2000 and 2100.");
    }

    public sealed class Handler(RoundCatalog rounds, IDisclosureStore store, IClock clock) : IRequestHandler<SetPublicationDeadlineRequest, BatchPublicationView>
    {
        public async Task<BatchPublicationView> Handle(SetPublicationDeadlineRequest request, CancellationToken cancellationToken)
        {
            await DisclosureRules.RequireBatch(rounds, request.RoundCode, request.BatchNo, cancellationToken);
            await store.SetDeadlineAsync(request.RoundCode, request.BatchNo, request.PublishBy, cancellationToken);
            return await GetBatchPublication.ViewAsync(store, request.RoundCode, request.BatchNo, clock.UtcNow, cancellationToken);
        }
    }
}

/// <summary>GET /api/rounds/{code}/batches/{no}/publication: a batch's publication deadline and date.</summary>
public static class GetBatchPublication
{
    [Authorize(Roles.Intake, Roles.Supervisor, Roles.Admin)]
    public sealed record GetBatchPublicationQuery(string RoundCode, int BatchNo) : IRequest<BatchPublicationView>;

    public sealed class Handler(RoundCatalog rounds, IDisclosureStore store, IClock clock) : IRequestHandler<GetBatchPublicationQuery, BatchPublicationView>
    {
        public async Task<BatchPublicationView> Handle(GetBatchPublicationQuery request, CancellationToken cancellationToken)
        {
            await DisclosureRules.RequireBatch(rounds, request.RoundCode, request.BatchNo, cancellationToken);
            return await ViewAsync(store, request.RoundCode, request.BatchNo, clock.UtcNow, cancellationToken);
        }
    }

    internal static async Task<BatchPublicationView> ViewAsync(IDisclosureStore store, string round, int batch, DateTimeOffset now, CancellationToken ct)
    {
        var record = await store.FindAsync(round, batch, ct);
        var rows = record?.RowsJson is { } json ? JsonSerializer.Deserialize<List<DisclosureRow>>(json, ApiJson.Options)!.Count : 0;
        return new BatchPublicationView(round, batch, record?.PublishBy, record?.PublishedAt,
            DisclosureRules.IsLate(record?.PublishBy, record?.PublishedAt, now), rows);
    }
}

/// <summary>
/// POST /api/rounds/{code}/batches/{no}/publish: a supervisor publishes the batch's table as it stands now (cases of
/// the batch that were accepted, with their stage, verdict, measures and penalties). Publishing again refreshes the
/// table and its date. The table is stored, so the public page never reads case grains.
/// </summary>
public static class PublishBatch
{
    [Authorize(Roles.Supervisor)]
    public sealed record PublishBatchRequest(string RoundCode, int BatchNo) : IRequest<BatchPublicationView>;

    public sealed class Handler(RoundCatalog rounds, IDisclosureStore store, ICaseIndex index, IGrainFactory grains, UnitDirectory units,
        ICurrentUserAccessor users, IClock clock) : IRequestHandler<PublishBatchRequest, BatchPublicationView>
    {
        public async Task<BatchPublicationView> Handle(PublishBatchRequest request, CancellationToken cancellationToken)
        {
            await DisclosureRules.RequireBatch(rounds, request.RoundCode, request.BatchNo, cancellationToken);
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var now = clock.UtcNow;
            var caseNos = new List<string>();
            for (var page = 1; ; page++)
            {
                var found = await index.PageAsync(new CaseIndexFilter { Now = now, Round = request.RoundCode, Batch = request.BatchNo },
                    CaseOrder.CaseNo, page, QueryValues.MaxPageSize, cancellationToken);
                caseNos.AddRange(found.Rows.Where(r => r.Status != CaseStatus.NotAccepted).Select(r => r.CaseNo));
                if (found.Rows.Count == 0 || page * QueryValues.MaxPageSize >= found.Total) break;
            }

            var rows = new List<DisclosureRow>();
            foreach (var caseNo in caseNos)
            {
                var c = await grains.GetGrain<IPetitionCaseGrain>(caseNo).Get();
                if (c is null || c.Status == CaseStatus.NotAccepted) continue;
                var stage = DisclosureRules.StageOf(c);
                var result = c.Result;
                rows.Add(new DisclosureRow(c.CaseNo, c.RegionCode, tree.NameOf(c.RegionCode), DisclosureRules.Masked(c.Target, c.Complainant)!, c.Categories,
                    result?.Verdict, DisclosureRules.Masked(result?.Measures, c.Complainant), DisclosureRules.Masked(result?.Penalties, c.Complainant),
                    stage, DisclosureRules.StatusText(stage)));
            }

            await store.PublishAsync(request.RoundCode, request.BatchNo, now, user.Username, JsonSerializer.Serialize(rows, ApiJson.Options), cancellationToken);
            return await GetBatchPublication.ViewAsync(store, request.RoundCode, request.BatchNo, now, cancellationToken);
        }
    }
}

/// <summary>GET /api/public/disclosure/{round}/{batch}: the published table, for anyone; 404 until a supervisor publishes it.</summary>
public static class GetPublicDisclosure
{
    [AllowAnonymous]
    public sealed record GetPublicDisclosureQuery(string RoundCode, int BatchNo) : IRequest<PublicBatchDisclosure>;

    public sealed class Handler(IDisclosureStore store, RoundCatalog rounds) : IRequestHandler<GetPublicDisclosureQuery, PublicBatchDisclosure>
    {
        public async Task<PublicBatchDisclosure> Handle(GetPublicDisclosureQuery request, CancellationToken cancellationToken)
        {
            var record = await store.FindAsync(request.RoundCode, request.BatchNo, cancellationToken);
            var round = await rounds.FindAsync(request.RoundCode, cancellationToken);
            if (record is not { PublishedAt: { } publishedAt, RowsJson: { } json } || round is null)
                throw new NotFoundException($"Batch {request.BatchNo} of round {request.RoundCode} is not published.");
            return new PublicBatchDisclosure(round.Code, round.Name, request.BatchNo, record.PublishBy, publishedAt,
                JsonSerializer.Deserialize<List<DisclosureRow>>(json, ApiJson.Options)!);
        }
    }
}
