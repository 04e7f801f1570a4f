using System.Diagnostics;
using System.Diagnostics.Metrics;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;

namespace Petitions.Host.Operations.Telemetry;

/// <summary>
/// Every grain call passes here on its way in: its duration by grain and method, and — for the one door of every case
/// change, <see cref="IPetitionCaseGrain.Execute"/> — the command's kind and outcome, the rule of a refusal, and the
/// registrations and closings it made. Counted where the command is decided, so the API, the UI, imports and the demo
/// all count alike. Tags are names from closed sets (kinds, outcomes, rules, grain interfaces): never a case number,
/// never anything a complainant wrote.
/// </summary>
public sealed class CaseCommandMetrics : IIncomingGrainCallFilter
{
    private readonly Histogram<double> grainCalls;
    private readonly Counter<long> commands;
    private readonly Counter<long> refusals;
    private readonly Counter<long> registrations;
    private readonly Counter<long> closings;

    public CaseCommandMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PetitionsTelemetry.MeterName);
        grainCalls = meter.CreateHistogram<double>("petitions.grain.call.duration", "ms", "Grain calls by grain interface and method, as the grain served them.");
        commands = meter.CreateCounter<long>("petitions.case.commands", "{command}", "Case commands by kind and outcome (Applied, ReplayedFromKey, AlreadyInEffect, Refused).");
        refusals = meter.CreateCounter<long>("petitions.case.refusals", "{command}", "Refused case commands by the rule that refused them.");
        registrations = meter.CreateCounter<long>("petitions.case.registrations", "{case}", "Cases registered.");
        closings = meter.CreateCounter<long>("petitions.case.closings", "{case}", "Cases closed (final and stage closures), by kind.");
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            grainCalls.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("grain", context.InterfaceName),
                new KeyValuePair<string, object?>("method", context.MethodName));
        }

        if (context.Result is CaseCommandResult result && context.Request.GetArgumentCount() > 0 && context.Request.GetArgument(0) is CaseCommand command)
        {
            Count(command, result);
        }
    }

    private void Count(CaseCommand command, CaseCommandResult result)
    {
        var kind = CaseCommandTable.KindOf(command).ToString();
        commands.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", result.Outcome.ToString()));
        if (result.Violation is { } violation)
        {
            refusals.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("rule", violation.Rule));
            return;
        }

        if (result.Outcome != CommandOutcome.Applied) return;
        switch (command)
        {
            case RegisterCaseCommand:
                registrations.Add(1);
                break;
            case CloseCaseCommand close:
                closings.Add(1, new KeyValuePair<string, object?>("closure", close.Kind.ToString()));
                break;
        }
    }
}
