using Petitions.Contracts;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Storage;
using Petitions.Contracts.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Units;

namespace Petitions.Grains.Units;

/// <summary>
/// A responsible unit. Its first state is the seeded catalog row; afterwards the grain's own state is the truth and
/// every change is written back to the units table (which lists, scopes and statistics read). It also keeps the live
/// statistics of its subtree in memory (not in its state: the counters are the truth), read again when told they changed.
/// </summary>
[GrainType("responsible-unit")]
public sealed class ResponsibleUnitGrain(
    [PersistentState(StateNames.ResponsibleUnit, StorageNames.Petitions)] IPersistentState<ResponsibleUnitState> state,
    IUnitStore store,
    IUnitCounterStore counterStore,
    IClock clock) : Grain, IResponsibleUnitGrain
{
    /// <summary>
    /// How long a copy serves without a change being told: the bound on staleness should a notice be lost (a silo that
    /// died between its commit and the notice). Every told change is seen at once.
    /// </summary>
    public static readonly TimeSpan CountersMaxAge = TimeSpan.FromMinutes(1);

    /// <summary>A chain of parents longer than this is a cycle (the tree is a few levels deep).</summary>
    private const int MaxDepth = 32;

    private UnitCounters? counters;
    private DateTimeOffset countersReadAt;

    private string Code => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Unit ??= await store.LoadAsync(Code, cancellationToken);
    }

    public Task<ResponsibleUnit?> Get() => Task.FromResult(state.State.Unit);

    public Task<ProblemDefaults> GetProblemDefaults() => Task.FromResult(state.State.Unit?.ProblemDefaults ?? ProblemDefaults.Standard);

    public async Task<UnitCommandResult> Create(UnitChange profile)
    {
        if (state.State.Unit is { } existing)
        {
            return new UnitCommandResult(existing, new RuleViolation(Rules.UnitExists, ViolationKind.Conflict, $"The unit code {Code} is taken."));
        }

        return await Save(Apply(new ResponsibleUnit { Code = Code, Name = profile.Name }, profile));
    }

    public async Task<UnitCommandResult> Update(UnitChange change)
    {
        if (state.State.Unit is not { } unit) return NotFound();
        return await Save(Apply(unit, change));
    }

    public async Task<UnitCommandResult> IssueNotice(string note, DateTimeOffset? replyDueAt, Actor actor)
    {
        if (state.State.Unit is not { } unit) return NotFound();
        var notice = new SupervisionNotice(unit.Notices.Count + 1, note, replyDueAt?.ToUniversalTime(), clock.UtcNow, actor.Id, null, null, null);
        return await Save(unit with { Notices = [.. unit.Notices, notice] });
    }

    public async Task<UnitCommandResult> ReplyNotice(int noticeNo, string reply, Actor actor)
    {
        if (state.State.Unit is not { } unit) return NotFound();
        var notice = unit.Notices.FirstOrDefault(n => n.No == noticeNo);
        if (notice is null)
            return new UnitCommandResult(unit, new RuleViolation(Rules.NoticeNotFound, ViolationKind.Invalid, $"The unit has no supervision notice {noticeNo}.", Field: "noticeNo"));
        if (notice.Reply is not null)
            return new UnitCommandResult(unit, new RuleViolation(Rules.NoticeAlreadyReplied, ViolationKind.Conflict, "The supervision notice has already been answered."));
        var replied = notice with { Reply = reply, RepliedAt = clock.UtcNow, RepliedBy = actor.Id };
        return await Save(unit with { Notices = unit.Notices.Select(n => n.No == noticeNo ? replied : n).ToList() });
    }

    public async Task<UnitStatistics> GetStatistics()
    {
        var now = clock.UtcNow;
        // The day's deadlines only judge Overdue within that day: another day (or a copy past its age) is read again.
        if (counters is null || now < counters.DayStart || now >= counters.DayEnd || now - countersReadAt > CountersMaxAge)
        {
            counters = null;
            var read = await counterStore.LoadAsync(Code, now);
            countersReadAt = now;
            counters = read;
        }

        var nowMs = SqlTime.ToMs(now);
        var groups = counters.Groups
            .Select(g => new UnitStatisticsGroup(g.LeadUnit, g.RoundCode, new Dictionary<string, long>(g.Measures) { [UnitStatistics.Overdue] = g.OverdueAt(nowMs) }))
            .ToList();
        return new UnitStatistics(Code, now, counters.Subtree, groups);
    }

    public async Task CountersChanged(IReadOnlyList<string> told)
    {
        counters = null;
        await TellParent(state.State.Unit?.ParentCode, told);
    }

    private async Task TellParent(string? parentCode, IReadOnlyList<string> told)
    {
        if (parentCode is null || parentCode == Code || told.Contains(parentCode) || told.Count >= MaxDepth) return;
        await GrainFactory.GetGrain<IResponsibleUnitGrain>(parentCode).CountersChanged([.. told, Code]);
    }

    private static ResponsibleUnit Apply(ResponsibleUnit unit, UnitChange change) => unit with
    {
        Name = change.Name,
        ParentCode = change.ParentCode,
        Kind = change.Kind,
        SortOrder = change.SortOrder,
        Active = change.Active,
        ContactPerson = change.ContactPerson,
        ContactPhone = change.ContactPhone,
        ResponsiblePerson = change.ResponsiblePerson,
        RectificationDays = change.RectificationDays,
    };

    private async Task<UnitCommandResult> Save(ResponsibleUnit next)
    {
        var formerParent = state.State.Unit?.ParentCode;
        state.State.Unit = next with { Version = (state.State.Unit?.Version ?? 0) + 1 };
        await this.WriteOrDeactivate(state);
        await store.SaveAsync(state.State.Unit);
        if (formerParent != next.ParentCode)
        {
            // The subtrees above changed shape: the former and the new ancestors count this unit's cases differently now.
            await TellParent(formerParent, []);
            await TellParent(next.ParentCode, []);
        }

        return new UnitCommandResult(state.State.Unit, null);
    }

    private UnitCommandResult NotFound() =>
        new(null, new RuleViolation(Rules.UnitNotFound, ViolationKind.NotFound, $"Unit {Code} was not found."));
}
