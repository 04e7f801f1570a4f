using System.Text.Json.Serialization;
using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Repeats;
using Petitions.Contracts;
using Petitions.Contracts.Cases;
using Petitions.Contracts.Numbers;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Privacy;
using Petitions.Domain.Subjects;

namespace Petitions.Application.Features.Petitions;

/// <summary>Intake registers a complaint (受理登记), optionally assigning it at once. Idempotent by key or handover number.</summary>
public static class RegisterPetition
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    public sealed record Command : IRequest<Result>, IUnitScopedRequest
    {
        public string? Channel { get; init; }
        public DateTimeOffset? ReceivedAt { get; init; }
        public string? RoundCode { get; init; }
        public int? BatchNo { get; init; }
        public string? ExternalRef { get; init; }
        public ComplainantInput? Complainant { get; init; }
        public string? RegionCode { get; init; }
        public string? Address { get; init; }
        public string? Target { get; init; }
        public IReadOnlyList<string>? Categories { get; init; }
        public string? Description { get; init; }
        /// <summary>Optional assignment at registration.</summary>
        public string? LeadUnit { get; init; }
        public IReadOnlyList<string>? CoUnits { get; init; }
        public DateTimeOffset? DueAt { get; init; }
        /// <summary>Suggestion (建议意见) | Accusation (检举控告, the default for pollution reports) | Appeal (申诉求决).</summary>
        public string? Type { get; init; }
        /// <summary>An urgent matter (重大紧急): {kind: Emergency|MassIncident, reason}; supervisors in scope see it at once.</summary>
        public UrgentInput? Urgent { get; init; }
        [JsonIgnore] public string? IdempotencyKey { get; init; }

        [JsonIgnore] public IEnumerable<string> ScopedUnits => new[] { RegionCode, LeadUnit }.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!);
    }

    public sealed record ComplainantInput(string? Name, string? Phone, string? Address, bool Anonymous);

    public sealed record UrgentInput(string? Kind, string? Reason);

    /// <param name="RepeatOf">The original this case was linked to as a repeat, or null.</param>
    /// <param name="RepeatReason">Why it was linked (the rule's words), or null.</param>
    /// <param name="OriginalClosed">The original was closed: it is marked "办结后重复举报" for a supervisor to decide; nothing reopened.</param>
    public sealed record Result(
        string CaseNo,
        CaseStatus Status,
        DateTimeOffset? DueAt,
        string? RepeatOf,
        string? RepeatReason,
        bool OriginalClosed,
        IReadOnlyList<PossibleRepeat> PossibleRepeats,
        int Version,
        [property: JsonIgnore] bool Created)
    {
        /// <summary>
        /// The complainant's query code for the self-service lookup, shown this once (the case keeps only its hash);
        /// null when the answer repeats an earlier registration (intake issues a new code then).
        /// </summary>
        public string? QueryCode { get; init; }
    }

    public sealed record PossibleRepeat(
        string CaseNo, double Score, string Reason, RepeatKind Kind, bool WillLink, CaseStatus Status, DateTimeOffset ReceivedAt,
        string Unit, string UnitName, Verdict? Verdict, string Target);

    public sealed class Validator : AbstractValidator<Command>
    {
        public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public Validator(UnitDirectory units, IClock clock, RoundCatalog rounds)
        {
            RuleFor(c => c.Channel).NotEmpty().IsEnumName(typeof(Channel), caseSensitive: false);
            RuleFor(c => c.ReceivedAt).HappenedBy(clock)
                .Must(at => at >= Earliest).WithErrorCode(ValidationCodes.NotBefore2000).WithMessage("'Received At' must not be before 2000-01-01.");
            RuleFor(c => c.RegionCode).NotEmpty().PlainText()
                .ActiveUnit(units);
            RuleFor(c => c.Target).NotEmpty().PlainText().Must(t => t!.Trim().Length is >= 1 and <= 200).WithErrorCode(ValidationCodes.TargetLength).WithMessage("'Target' must be 1 to 200 characters.");
            RuleFor(c => c.Target).Must(t => SubjectKey.Normalize(t!).Length > 0).When(c => !string.IsNullOrWhiteSpace(c.Target))
                .WithErrorCode(ValidationCodes.TargetNeedsName).WithMessage("'Target' must name a company or site (letters or digits).");
            RuleFor(c => c.Description).NotEmpty().PlainText().Must(d => d!.Trim().Length is >= 1 and <= 10_000).WithErrorCode(ValidationCodes.DescriptionLength).WithMessage("'Description' must be 1 to 10000 characters.");
            RuleFor(c => c.Address).MaximumLength(200).PlainText();
            RuleFor(c => c.ExternalRef).MaximumLength(64).PlainText();
            RuleFor(c => c.Categories).NotEmpty();
            RuleForEach(c => c.Categories).IsEnumName(typeof(Category), caseSensitive: false);
            RuleFor(c => c.BatchNo).Null().When(c => string.IsNullOrWhiteSpace(c.RoundCode)).WithErrorCode(ValidationCodes.BatchNeedsRound).WithMessage("'Batch No' needs a 'Round Code'.");
            RuleFor(c => c.BatchNo).GreaterThan(0);
            RuleFor(c => c.RoundCode).PlainText()
                .MustAsync(async (code, ct) => await rounds.FindAsync(code!, ct) is not null).WithErrorCode(ValidationCodes.KnownRound).WithMessage("'Round Code' must be a known inspection round.")
                .When(c => !string.IsNullOrWhiteSpace(c.RoundCode));
            RuleFor(c => c.BatchNo)
                .MustAsync(async (command, batch, ct) => await rounds.BatchExistsAsync(command.RoundCode!, batch!.Value, ct))
                .WithErrorCode(ValidationCodes.KnownBatch).WithMessage("'Batch No' must be a handover batch of the round.")
                .When(c => !string.IsNullOrWhiteSpace(c.RoundCode) && c.BatchNo > 0);
            RuleFor(c => c.Complainant!).SetValidator(new ComplainantValidator()).When(c => c.Complainant is not null);
            RuleFor(c => c.LeadUnit).PlainText().ActiveUnit(units);
            RuleForEach(c => c.CoUnits).ActiveUnit(units);
            RuleFor(c => c.CoUnits).Empty().When(c => string.IsNullOrWhiteSpace(c.LeadUnit)).WithErrorCode(ValidationCodes.CoUnitsNeedLead).WithMessage("'Co Units' need a 'Lead Unit'.");
            RuleFor(c => c.DueAt).Null().When(c => string.IsNullOrWhiteSpace(c.LeadUnit)).WithErrorCode(ValidationCodes.DueNeedsLead).WithMessage("'Due At' needs a 'Lead Unit'.");
            RuleFor(c => c.DueAt).FutureDeadline(clock);
            RuleFor(c => c.Type).IsEnumName(typeof(CaseType), caseSensitive: false)
                .WithErrorCode(ValidationCodes.OneOf).WithMessage($"'Type' must be one of {string.Join(", ", Enum.GetNames<CaseType>())}.");
            RuleFor(c => c.Urgent!.Kind).EnumName(typeof(UrgentKind)).OverridePropertyName("urgent.kind").When(c => c.Urgent is not null);
            RuleFor(c => c.Urgent!.Reason).RequiredText(InputRules.ReasonLength).OverridePropertyName("urgent.reason").When(c => c.Urgent is not null);
        }
    }

    public sealed class ComplainantValidator : AbstractValidator<ComplainantInput>
    {
        public ComplainantValidator()
        {
            RuleFor(c => c.Name).MaximumLength(50).PlainText();
            RuleFor(c => c.Address).MaximumLength(200).PlainText();
            RuleFor(c => c.Phone).Must(PhoneNumber.IsPlausible).When(c => !string.IsNullOrWhiteSpace(c.Phone))
                .WithErrorCode(ValidationCodes.Phone).WithMessage("'Phone' must be a Chinese mobile or landline number.");
            RuleFor(c => c).Must(c => string.IsNullOrWhiteSpace(c.Name) && string.IsNullOrWhiteSpace(c.Phone) && string.IsNullOrWhiteSpace(c.Address))
                .When(c => c.Anonymous).WithName("anonymous").WithErrorCode(ValidationCodes.AnonymousWithIdentity).WithMessage("An anonymous complaint carries no name, phone or address.");
        }
    }

    public sealed class Handler(
        IGrainFactory grains,
        ICurrentUserAccessor users,
        UnitDirectory units,
        RoundCatalog rounds,
        PhoneHasher phoneHasher,
        QueryCodes queryCodes,
        RepeatFinder repeats) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var receivedAt = request.ReceivedAt!.Value.ToUniversalTime();
            var year = ChinaTime.DateOf(receivedAt).Year;
            var caseNo = await ReserveCaseNo(request, user, year);
            var round = request.RoundCode is { Length: > 0 } roundCode ? await rounds.FindAsync(roundCode, cancellationToken) : null;
            var phoneHash = request.Complainant is { } input ? await phoneHasher.HashAsync(PhoneNumber.Normalize(input.Phone), cancellationToken) : null;
            var queryCode = QueryCodes.Generate();
            var command = ToDomain(request, round?.Code, round?.HandlingDays, phoneHash) with
            {
                QueryCodeHash = await queryCodes.HashAsync(caseNo, queryCode, cancellationToken),
            };
            var meta = new CommandMeta(new Actor(user.Username, user.DisplayName));
            IReadOnlyList<RepeatCandidate>? beforeRegistering = null;
            if (command.Assignment is not null)
            {
                beforeRegistering = await repeats.FindAsync(Probe(command, request.Complainant?.Phone, caseNo), Scope.ForCases(user, tree), 10, cancellationToken);
                if (await SettledBeforeAsync(command, beforeRegistering, cancellationToken))
                {
                    // A matter settled by a 复核 is not handed to a unit again: registered unassigned, then not accepted below.
                    command = command with { Assignment = null };
                }
            }

            var result = await grains.GetGrain<IPetitionCaseGrain>(caseNo).Execute(command, meta);
            if (result.Violation is { } violation) throw new RuleViolationException(violation, caseNo);

            var petitionCase = result.Case!;
            // The link itself was decided by the repeat rule when the case was recorded with its subject; the same rule
            // classifies what else intake should look at. What was linked is read from the case, never re-decided here.
            // A case registered now from this command holds what the search before registering asked about (the new case
            // itself is left out of both): that answer stands. A replayed registration is asked about as stored.
            var candidates = result.Outcome == CommandOutcome.Applied && beforeRegistering is not null
                ? beforeRegistering
                : await repeats.FindAsync(new RepeatProbe(petitionCase.RegionCode, petitionCase.Target, request.Complainant?.Phone, petitionCase.Address,
                    petitionCase.Categories, petitionCase.ReceivedAt, ExceptCaseNo: caseNo), Scope.ForCases(user, tree), 10, cancellationToken);
            var possible = candidates
                .Select(c => new PossibleRepeat(c.CaseNo, c.Score, c.Reason, c.Kind, c.CaseNo == petitionCase.RepeatOf, c.Status, c.ReceivedAt, c.Unit, c.UnitName, c.Verdict, c.Target))
                .ToList();
            // The same matter from the same complainant, settled by a 复核 (Art. 36): registered, and not accepted with that reason.
            if (await Reviews.FinalMatters.SettledForAsync(grains, candidates, petitionCase, cancellationToken) is { } settled
                && CaseCommandTable.Applies(petitionCase, CaseCommandKind.NotAccept))
            {
                var declined = await grains.GetGrain<IPetitionCaseGrain>(caseNo).Execute(new NotAcceptCaseCommand(Reviews.FinalMatters.Reason(settled, tree)), meta);
                if (declined.Case is { } notAccepted) petitionCase = notAccepted;
            }

            var link = petitionCase.Timeline.Select(e => e.Event).OfType<RepeatLinked>().LastOrDefault();
            var original = petitionCase.RepeatOf is { } originalNo ? await grains.GetGrain<IPetitionCaseGrain>(originalNo).Get() : null;
            return new Result(caseNo, petitionCase.Status, petitionCase.DueAt, petitionCase.RepeatOf,
                petitionCase.RepeatOf is null ? null : link?.Reason,
                original?.CameBackAfterClosing.Contains(caseNo) == true,
                possible, petitionCase.Version, Created: result.Outcome == CommandOutcome.Applied)
            {
                // Only a registration that happened now carries its code: a repeated one did not store this hash.
                QueryCode = result.Outcome == CommandOutcome.Applied ? queryCode : null,
            };
        }

        private static RepeatProbe Probe(RegisterCaseCommand command, string? phone, string caseNo) =>
            new(command.RegionCode, command.Target, phone, command.Address, command.Categories, command.ReceivedAt, ExceptCaseNo: caseNo);

        /// <summary>Whether the complaint about to be registered is the same matter from the same complainant that a 复核 settled (Art. 36).</summary>
        private async Task<bool> SettledBeforeAsync(RegisterCaseCommand command, IReadOnlyList<RepeatCandidate> candidates, CancellationToken cancellationToken) =>
            candidates.Any(c => c.Final) && await Reviews.FinalMatters.SettledForAsync(grains, candidates, command.Complainant, cancellationToken) is not null;

        private async Task<string> ReserveCaseNo(Command request, CurrentUser user, int year)
        {
            var key = !string.IsNullOrWhiteSpace(request.ExternalRef)
                ? GrainKeys.HandoverEntry(request.RoundCode, request.ExternalRef.Trim())
                : !string.IsNullOrWhiteSpace(request.IdempotencyKey)
                    ? GrainKeys.IdempotentRegistration(user.Username, request.IdempotencyKey)
                    : null;
            if (key is not null)
            {
                return await grains.GetGrain<IRegistrationKeyGrain>(key).Reserve(year);
            }

            return GrainKeys.CaseNo(year, await grains.GetGrain<ICaseNumberGrain>(year).Next());
        }
    }

    /// <summary>
    /// The domain registration of a validated request: the one mapping from intake's input to the case's first command
    /// (also used by the demo data loader). The caller resolves the round and hashes the phone.
    /// </summary>
    public static RegisterCaseCommand ToDomain(Command r, string? roundCode, int? roundHandlingDays, string? phoneHash)
    {
        var complainant = r.Complainant is { } c
            ? new Complainant(InputRules.TrimOrNull(c.Name), PhoneNumber.Normalize(c.Phone), InputRules.TrimOrNull(c.Address), c.Anonymous, phoneHash)
            : null;
        var assignment = r.LeadUnit is { Length: > 0 } lead ? new Assignment(lead, r.CoUnits ?? [], r.DueAt) : null;
        return new RegisterCaseCommand(
            Enum.Parse<Channel>(r.Channel!, ignoreCase: true),
            r.ReceivedAt!.Value.ToUniversalTime(),
            roundCode,
            r.BatchNo,
            InputRules.TrimOrNull(r.ExternalRef),
            roundHandlingDays,
            complainant,
            r.RegionCode!,
            InputRules.TrimOrNull(r.Address),
            r.Target!.Trim(),
            SubjectKey.For(r.RegionCode!, r.Target!),
            r.Categories!.Select(x => Enum.Parse<Category>(x, ignoreCase: true)).Distinct().ToList(),
            r.Description!.Trim(),
            assignment,
            CaseType: string.IsNullOrWhiteSpace(r.Type) ? CaseType.Accusation : Enum.Parse<CaseType>(r.Type.Trim(), ignoreCase: true),
            Urgent: r.Urgent is { } u ? new UrgentFlag(InputRules.ParseEnum<UrgentKind>(u.Kind?.Trim()), u.Reason!.Trim()) : null);
    }

}
