using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Supervision;

public sealed record LookBackReviewView(
    string Id, DateTimeOffset CreatedAt, string CreatedBy, string? UnitCode, string? RoundCode, int Percentage, int Seed, string? Note,
    int Population, int Sampled, int Recorded, int Failed, IReadOnlyList<LookBackCaseView> Cases);

public sealed record LookBackCaseView(string CaseNo, string Target, string LeadUnit, string LeadUnitName, string Status, bool? Held, string? Note, DateTimeOffset? RecordedAt, string? RecordedBy);

/// <summary>Reads reviews and their sampled cases (with the cases' current status from the read model).</summary>
public sealed class LookBackReviewReader(IDatabase database, UnitDirectory units)
{
    private sealed record ReviewRow
    {
        public string Id { get; init; } = "";
        public long CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public string? UnitCode { get; init; }
        public string? RoundCode { get; init; }
        public int Percentage { get; init; }
        public int Seed { get; init; }
        public string? Note { get; init; }
        public int Population { get; init; }
    }

    private sealed record CaseRowView
    {
        public string ReviewId { get; init; } = "";
        public string CaseNo { get; init; } = "";
        public string? Target { get; init; }
        public string? LeadUnit { get; init; }
        public string? Status { get; init; }
        public int? Held { get; init; }
        public string? Note { get; init; }
        public long? RecordedAt { get; init; }
        public string? RecordedBy { get; init; }
    }

    public async Task<IReadOnlyList<LookBackReviewView>> ReadAsync(string? id, CancellationToken cancellationToken)
    {
        var tree = await units.GetAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var reviews = await connection.QueryAsync<ReviewRow>(new CommandDefinition(
            """
            SELECT id AS Id, created_at AS CreatedAt, created_by AS CreatedBy, unit_code AS UnitCode, round_code AS RoundCode,
                   percentage AS Percentage, seed AS Seed, note AS Note, population AS Population
            FROM look_back_reviews WHERE (@id IS NULL OR id = @id) ORDER BY created_at DESC
            """, new { id }, cancellationToken: cancellationToken));
        var cases = (await connection.QueryAsync<CaseRowView>(new CommandDefinition(
            """
            SELECT l.review_id AS ReviewId, l.case_no AS CaseNo, c.target AS Target, c.lead_unit AS LeadUnit, c.status AS Status,
                   l.held AS Held, l.note AS Note, l.recorded_at AS RecordedAt, l.recorded_by AS RecordedBy
            FROM look_back_cases l LEFT JOIN case_index c ON c.case_no = l.case_no
            WHERE (@id IS NULL OR l.review_id = @id) ORDER BY l.case_no
            """, new { id }, cancellationToken: cancellationToken))).ToLookup(c => c.ReviewId);
        return reviews.Select(r =>
        {
            var sampled = cases[r.Id].Select(c => new LookBackCaseView(c.CaseNo, c.Target ?? "", c.LeadUnit ?? "", tree.NameOf(c.LeadUnit ?? ""), c.Status ?? "",
                c.Held is null ? null : c.Held == 1, c.Note, c.RecordedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, c.RecordedBy)).ToList();
            return new LookBackReviewView(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.CreatedBy, r.UnitCode, r.RoundCode, r.Percentage, r.Seed, r.Note,
                r.Population, sampled.Count, sampled.Count(c => c.Held is not null), sampled.Count(c => c.Held == false), sampled);
        }).ToList();
    }
}

/// <summary>
/// POST /api/look-back-reviews: a supervisor samples closed cases of a unit subtree and/or round for a look-back review
/// (回头看). The sample is deterministic for a seed: the same seed over the same cases picks the same cases.
/// </summary>
public static class StartLookBackReview
{
    [Authorize(Roles.Supervisor)]
    public sealed record Command(string? Unit, string? Round, int Percentage, int? Seed, string? Note) : IRequest<LookBackReviewView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UnitDirectory units)
        {
            RuleFor(c => c.Percentage).InclusiveBetween(1, 100);
            RuleFor(c => c.Unit).MustAsync(async (u, ct) => (await units.GetAsync(ct)).Contains(u!))
                .When(c => !string.IsNullOrWhiteSpace(c.Unit)).WithErrorCode(ValidationCodes.KnownUnit).WithMessage("'Unit' must be a known unit code.");
            RuleFor(c => c.Round).MaximumLength(20);
            RuleFor(c => c.Note).OptionalText(1000);
        }
    }

    public sealed class Handler(IDatabase database, ICurrentUserAccessor users, UnitDirectory units, LookBackReviewReader reader, IClock clock)
        : IRequestHandler<Command, LookBackReviewView>
    {
        public async Task<LookBackReviewView> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var scope = Scope.For(user, tree, [Roles.Supervisor]);
            if (request.Unit is { Length: > 0 } unit && !scope.Includes(unit)) throw new NotFoundException($"Unit {unit} was not found.");
            var leadUnits = request.Unit is { Length: > 0 } u ? tree.Subtree(u) : scope.Everything ? null : scope.Units;

            await using var connection = await database.OpenAsync(cancellationToken);
            var closed = (await connection.QueryAsync<(string CaseNo, string LeadUnit)>(new CommandDefinition(
                "SELECT case_no, lead_unit FROM case_index WHERE status = 'Closed' AND (@round IS NULL OR round_code = @round)",
                new { round = string.IsNullOrWhiteSpace(request.Round) ? null : request.Round }, cancellationToken: cancellationToken)))
                .Where(c => leadUnits is null || leadUnits.Contains(c.LeadUnit))
                .Select(c => c.CaseNo)
                .ToList();

            var seed = request.Seed ?? Random.Shared.Next(1, int.MaxValue);
            var sample = Sample(closed, request.Percentage, seed);
            var id = $"LB{clock.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(100, 999)}";
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO look_back_reviews (id, created_at, created_by, unit_code, round_code, percentage, seed, note, population)
                VALUES (@id, @at, @by, @unit, @round, @percentage, @seed, @note, @population)
                """,
                new { id, at = clock.UtcNow.ToUnixTimeMilliseconds(), by = user.Username, unit = request.Unit, round = request.Round,
                      percentage = request.Percentage, seed, note = request.Note, population = closed.Count }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO look_back_cases (review_id, case_no) VALUES (@id, @caseNo)",
                sample.Select(caseNo => new { id, caseNo }), transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return (await reader.ReadAsync(id, cancellationToken)).Single();
        }

        /// <summary>ceil(n × p%) cases, ordered by a hash of seed and case number: reproducible, and spread evenly.</summary>
        public static IReadOnlyList<string> Sample(IEnumerable<string> caseNos, int percentage, int seed)
        {
            var all = caseNos.Distinct().ToList();
            var take = (int)Math.Ceiling(all.Count * percentage / 100.0);
            return all.OrderBy(c => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{c}"))), StringComparer.Ordinal)
                .Take(take).Order(StringComparer.Ordinal).ToList();
        }
    }
}

public static class ListLookBackReviews
{
    [Authorize(Roles.Supervisor)]
    public sealed record Query : IRequest<IReadOnlyList<LookBackReviewView>>;

    public sealed class Handler(LookBackReviewReader reader) : IRequestHandler<Query, IReadOnlyList<LookBackReviewView>>
    {
        public Task<IReadOnlyList<LookBackReviewView>> Handle(Query request, CancellationToken cancellationToken) => reader.ReadAsync(null, cancellationToken);
    }
}

public static class GetLookBackReview
{
    [Authorize(Roles.Supervisor)]
    public sealed record Query(string Id) : IRequest<LookBackReviewView>;

    public sealed class Handler(LookBackReviewReader reader) : IRequestHandler<Query, LookBackReviewView>
    {
        public async Task<LookBackReviewView> Handle(Query request, CancellationToken cancellationToken) =>
            (await reader.ReadAsync(request.Id, cancellationToken)).SingleOrDefault() ?? throw new NotFoundException($"Look-back review {request.Id} was not found.");
    }
}

/// <summary>
/// POST /api/look-back-reviews/{id}/cases/{caseNo} {held, note}: records whether the handling held up. A failed
/// review reopens the case onto the problem list (the case's own rule).
/// </summary>
public static class RecordLookBackFinding
{
    [Authorize(Roles.Supervisor)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        [JsonIgnore] public string ReviewId { get; init; } = "";
        public bool? Held { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Held).NotNull();
            RuleFor(c => c.Note).RequiredText(InputRules.ReplyLength);
        }
    }

    public sealed class Handler(IDatabase database, CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public async Task<PetitionView> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var sampled = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT 1 FROM look_back_cases WHERE review_id = @ReviewId AND case_no = @CaseNo", request, cancellationToken: cancellationToken));
            if (sampled is null) throw new NotFoundException($"Case {request.CaseNo} is not in look-back review {request.ReviewId}.");

            var view = await sender.SendAsync(request, new RecordLookBackCommand(request.ReviewId, request.Held!.Value, request.Note!.Trim()), cancellationToken);
            var finding = view.LookBacks.Last(l => l.ReviewId == request.ReviewId);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE look_back_cases SET held = @held, note = @note, recorded_at = @at, recorded_by = @by WHERE review_id = @ReviewId AND case_no = @CaseNo",
                new { held = finding.Held ? 1 : 0, note = finding.Note, at = finding.RecordedAt.ToUnixTimeMilliseconds(), by = finding.RecordedBy, request.ReviewId, request.CaseNo },
                cancellationToken: cancellationToken));
            return view;
        }
    }
}
