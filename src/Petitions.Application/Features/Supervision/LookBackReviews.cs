using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Common.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Supervision;

public sealed record LookBackReviewView(
    string Id, DateTimeOffset CreatedAt, string CreatedBy, string? UnitCode, string? RoundCode, int Percentage, int Seed, string? Note,
    int Population, int Sampled, int Recorded, int Failed, IReadOnlyList<LookBackCaseView> Cases);

public sealed record LookBackCaseView(string CaseNo, string Target, string LeadUnit, string LeadUnitName, string Status, bool? Held, string? Note, DateTimeOffset? RecordedAt, string? RecordedBy);

/// <summary>A stored look-back review with its sampled cases (their target, lead unit and status from the case index).</summary>
public sealed record LookBackReviewRecord(
    string Id, DateTimeOffset CreatedAt, string CreatedBy, string? UnitCode, string? RoundCode, int Percentage, int Seed, string? Note, int Population,
    IReadOnlyList<LookBackSampleRecord> Cases);

public sealed record LookBackSampleRecord(string CaseNo, string? Target, string? LeadUnit, string? Status, bool? Held, string? Note, DateTimeOffset? RecordedAt, string? RecordedBy);

/// <summary>The look-back reviews and their samples.</summary>
public interface ILookBackReviewStore
{
    /// <summary>One review (by id) or all, newest first; sampled cases ordered by case number.</summary>
    Task<IReadOnlyList<LookBackReviewRecord>> ReadAsync(string? id, CancellationToken cancellationToken = default);

    /// <summary>Stores the review and its sample in one transaction.</summary>
    Task CreateAsync(LookBackReviewRecord review, IReadOnlyList<string> sample, CancellationToken cancellationToken = default);

    Task<bool> IsSampledAsync(string reviewId, string caseNo, CancellationToken cancellationToken = default);

    /// <summary>Copies the finding the case recorded (its own rule decided it) onto the sampled case.</summary>
    Task RecordFindingAsync(string caseNo, LookBackReview finding, CancellationToken cancellationToken = default);
}

/// <summary>Reads reviews and their sampled cases (with the cases' current status from the read model).</summary>
public sealed class LookBackReviewReader(ILookBackReviewStore store, UnitDirectory units)
{
    public async Task<IReadOnlyList<LookBackReviewView>> ReadAsync(string? id, CancellationToken cancellationToken)
    {
        var tree = await units.GetAsync(cancellationToken);
        return (await store.ReadAsync(id, cancellationToken)).Select(r =>
        {
            var sampled = r.Cases.Select(c => new LookBackCaseView(c.CaseNo, c.Target ?? "", c.LeadUnit ?? "", tree.NameOf(c.LeadUnit ?? ""), c.Status ?? "",
                c.Held, c.Note, c.RecordedAt, c.RecordedBy)).ToList();
            return new LookBackReviewView(r.Id, r.CreatedAt, r.CreatedBy, r.UnitCode, r.RoundCode, r.Percentage, r.Seed, r.Note,
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

    public sealed class Handler(ICaseIndex index, ILookBackReviewStore store, ICurrentUserAccessor users, UnitDirectory units, LookBackReviewReader reader, IClock clock)
        : IRequestHandler<Command, LookBackReviewView>
    {
        public async Task<LookBackReviewView> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var scope = Scope.For(user, tree, [Roles.Supervisor]);
            if (request.Unit is { Length: > 0 } unit && !scope.Includes(unit)) throw new NotFoundException($"Unit {unit} was not found.");
            var leadUnits = request.Unit is { Length: > 0 } u ? tree.Subtree(u) : scope.Everything ? null : scope.Units;

            var closed = (await index.ClosedCasesAsync(string.IsNullOrWhiteSpace(request.Round) ? null : request.Round, cancellationToken))
                .Where(c => leadUnits is null || leadUnits.Contains(c.LeadUnit))
                .Select(c => c.CaseNo)
                .ToList();

            var seed = request.Seed ?? Random.Shared.Next(1, int.MaxValue);
            var sample = Sample(closed, request.Percentage, seed);
            var id = $"LB{clock.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(100, 999)}";
            await store.CreateAsync(new LookBackReviewRecord(id, clock.UtcNow, user.Username, request.Unit, request.Round, request.Percentage, seed, request.Note,
                closed.Count, []), sample, cancellationToken);
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

    public sealed class Handler(ILookBackReviewStore store, CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public async Task<PetitionView> Handle(Command request, CancellationToken cancellationToken)
        {
            if (!await store.IsSampledAsync(request.ReviewId, request.CaseNo, cancellationToken))
                throw new NotFoundException($"Case {request.CaseNo} is not in look-back review {request.ReviewId}.");

            var view = await sender.SendAsync(request, new RecordLookBackCommand(request.ReviewId, request.Held!.Value, request.Note!.Trim()), cancellationToken);
            await store.RecordFindingAsync(request.CaseNo, view.LookBacks.Last(l => l.ReviewId == request.ReviewId), cancellationToken);
            return view;
        }
    }
}
