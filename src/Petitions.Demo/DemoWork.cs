namespace Petitions.Demo;

/// <summary>Rounds and cases to push through the command path (the demo data set, or a synthetic load).</summary>
public sealed record DemoWork(IReadOnlyList<DemoRound> Rounds, IReadOnlyList<PlannedCase> Cases)
{
    public static DemoWork Of(DemoPlan plan) => new(plan.Rounds, plan.Cases);
}
