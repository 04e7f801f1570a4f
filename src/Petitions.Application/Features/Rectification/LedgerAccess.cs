using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.Rectification;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Rectification;

namespace Petitions.Application.Features.Rectification;

/// <summary>
/// Who sees which part of the ledger: administrators every plan; supervisors (and leaders) the plans owned by a unit
/// in their scope, and elsewhere the tasks naming a unit in their scope; handlers the tasks their unit is
/// responsible for (lead or co-unit). Anything else is "not found", so its existence is not revealed.
/// </summary>
public sealed class LedgerAccess(ICurrentUserAccessor users, UnitDirectory units, IRectificationReadModel ledger, IGrainFactory grains, IClock clock)
{
    public sealed record Caller(CurrentUser User, UnitTree Tree, Actor Actor)
    {
        public bool IsAdmin => User.IsInRole(Roles.Admin);

        public Scope SupervisorScope => Scope.For(User, Tree, [Roles.Supervisor]);

        /// <summary>The units whose tasks the caller sees outside plans they oversee (null: every unit).</summary>
        public IReadOnlyCollection<string>? TaskUnits()
        {
            if (IsAdmin) return null;
            var scope = SupervisorScope;
            if (scope.Everything) return null;
            var set = new HashSet<string>(scope.Units);
            if (User.IsInRole(Roles.Handler)) set.UnionWith(User.Units);
            return set;
        }

        /// <summary>A plan the caller oversees as a whole (admin, or a supervisor whose scope holds its owner).</summary>
        public bool Oversees(string ownerUnit) => IsAdmin || SupervisorScope.Includes(ownerUnit);

        /// <summary>The caller's own unit is lead or co-unit of the task (a handler reports its progress).</summary>
        public bool IsResponsibleFor(RectificationTask task) => User.IsInRole(Roles.Handler) && task.Units.Any(User.Units.Contains);

        public bool Supervises(RectificationTask task, string ownerUnit) =>
            User.IsInRole(Roles.Supervisor) && (SupervisorScope.Includes(ownerUnit) || SupervisorScope.IncludesAny(task.Units));
    }

    public DateOnly Today => ChinaTime.DateOf(clock.UtcNow);

    public async Task<Caller> CallerAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(cancellationToken) ?? throw new UnauthenticatedException("Sign in first.");
        return new Caller(user, await units.GetAsync(cancellationToken), new Actor(user.Username, user.DisplayName));
    }

    public async Task<IReadOnlyList<LedgerPlanRow>> VisiblePlansAsync(Caller caller, CancellationToken cancellationToken)
    {
        var plans = await ledger.PlansAsync(cancellationToken);
        var taskUnits = caller.TaskUnits();
        if (taskUnits is null) return plans;
        var naming = (await ledger.PlansNamingAsync(taskUnits, cancellationToken)).ToHashSet();
        return plans.Where(p => caller.Oversees(p.OwnerUnit) || naming.Contains(p.Code)).ToList();
    }

    public async Task<LedgerPlanRow> VisiblePlanAsync(Caller caller, string code, CancellationToken cancellationToken)
    {
        var plan = await ledger.PlanAsync(code, cancellationToken) ?? throw new NotFoundException($"Plan {code} was not found.");
        if (caller.Oversees(plan.OwnerUnit)) return plan;
        var taskUnits = caller.TaskUnits();
        if (taskUnits is null || (await ledger.PlansNamingAsync(taskUnits, cancellationToken)).Contains(code)) return plan;
        throw new NotFoundException($"Plan {code} was not found.");
    }

    /// <summary>The tasks of a plan the caller sees: all of them in a plan they oversee, else those naming their units.</summary>
    public IReadOnlyCollection<string>? TaskFilter(Caller caller, LedgerPlanRow plan) => caller.Oversees(plan.OwnerUnit) ? null : caller.TaskUnits();

    public async Task<(RectificationTask Task, RectificationPlan Plan)> VisibleTaskAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var notFound = new NotFoundException($"Task {id} was not found.");
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100) throw notFound;
        var task = await grains.GetGrain<IRectificationTaskGrain>(id).Get() ?? throw notFound;
        var plan = await grains.GetGrain<IRectificationPlanGrain>(task.PlanCode).Get() ?? throw notFound;
        var taskUnits = caller.TaskUnits();
        var visible = caller.Oversees(plan.OwnerUnit) || taskUnits is null || task.Units.Any(taskUnits.Contains);
        return visible ? (task, plan) : throw notFound;
    }

    public async Task<RectificationTaskView> ViewAsync(Caller caller, RectificationTask task, RectificationPlan plan, CancellationToken cancellationToken)
    {
        var cases = await ledger.CasesAsync(task.LinkedCases.ToList(), cancellationToken);
        return RectificationTaskView.From(task, plan, caller.Tree, Today, cases, RectificationActions.For(caller, task, plan.OwnerUnit));
    }

    /// <summary>Sends a command to a task grain; a refusal becomes the one exception the ProblemDetails mapper knows.</summary>
    public async Task<RectificationTask> ExecuteAsync(string id, TaskCommand command, Actor actor)
    {
        var result = await grains.GetGrain<IRectificationTaskGrain>(id).Execute(command, actor);
        if (result.Violation is { } violation) throw new RuleViolationException(violation);
        return result.Task!;
    }
}
