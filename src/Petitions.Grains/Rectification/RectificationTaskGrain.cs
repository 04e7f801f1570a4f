using Microsoft.Extensions.Logging;
using Petitions.Contracts;
using Petitions.Contracts.Rectification;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Rectification;

namespace Petitions.Grains.Rectification;

/// <summary>
/// One rectification task. Thin: load, decide with <see cref="RectificationRules"/>, persist, project. The
/// projection is idempotent and version-guarded; a failed one is repeated on the next call or activation.
/// </summary>
[GrainType("rectification-task")]
public sealed class RectificationTaskGrain(
    [PersistentState(RectificationStateNames.Task, StorageNames.Petitions)] IPersistentState<RectificationTaskState> state,
    IClock clock,
    IRectificationProjector projector,
    ILogger<RectificationTaskGrain> logger) : Grain, IRectificationTaskGrain
{
    private bool projected = true;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Task is { } task) await projector.ProjectTaskAsync(task, cancellationToken);
    }

    public async Task<RectificationTask?> Get()
    {
        await CatchUp();
        return state.State.Task;
    }

    public async Task<TaskCommandResult> Execute(TaskCommand command, Actor actor)
    {
        await CatchUp();
        var (next, events, violation) = RectificationRules.Handle(state.State.Task, this.GetPrimaryKeyString(), command, actor, clock.UtcNow);
        if (violation is not null) return new TaskCommandResult(state.State.Task, violation);
        if (events.Count == 0) return new TaskCommandResult(state.State.Task, null);

        state.State.Task = next;
        state.State.SchemaVersion = RectificationTaskState.CurrentSchema;
        await this.WriteOrDeactivate(state);
        logger.LogInformation("Rectification task {TaskId} v{Version}: {Events}", next!.Id, next.Version, string.Join(",", events.Select(e => e.GetType().Name)));
        projected = false;
        await CatchUp();
        return new TaskCommandResult(next, null);
    }

    private async Task CatchUp()
    {
        if (projected || state.State.Task is not { } task) return;
        await projector.ProjectTaskAsync(task);
        projected = true;
    }
}

/// <summary>One rectification plan: its name, owner, round, latest report date and tasks.</summary>
[GrainType("rectification-plan")]
public sealed class RectificationPlanGrain(
    [PersistentState(RectificationStateNames.Plan, StorageNames.Petitions)] IPersistentState<RectificationPlanState> state,
    IRectificationProjector projector) : Grain, IRectificationPlanGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Plan is { } plan) await projector.ProjectPlanAsync(plan, cancellationToken);
    }

    public Task<RectificationPlan?> Get() => Task.FromResult(state.State.Plan);

    public async Task<RectificationPlan> RecordReport(RectificationPlanDraft draft)
    {
        var current = state.State.Plan ?? new RectificationPlan
        {
            Code = this.GetPrimaryKeyString(), Name = draft.Name, ShortName = draft.ShortName, OwnerUnit = draft.OwnerUnit, RoundCode = draft.RoundCode,
        };
        var next = current.WithReport(draft.Name, draft.AsOf, draft.TaskIds);
        if (state.State.Plan is not null && next.AsOf == current.AsOf && next.Name == current.Name && next.TaskIds.SequenceEqual(current.TaskIds))
        {
            await projector.ProjectPlanAsync(current);
            return current;
        }

        state.State.Plan = next;
        state.State.SchemaVersion = RectificationPlanState.CurrentSchema;
        await this.WriteOrDeactivate(state);
        await projector.ProjectPlanAsync(next);
        return next;
    }
}
