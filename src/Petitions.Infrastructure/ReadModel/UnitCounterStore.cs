using System.Globalization;
using Dapper;
using Petitions.Application.Common.Units;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// A unit subtree's statistics counters for its grain: the all-days, all-categories counter rows of the subtree's lead
/// units, the open cases with a deadline less those due from the day on (by due day), and the deadlines due during the day from case_index's
/// (is_open, due_at) index. Each is a primary-key or index range, so the cost follows the scopes, not the cases.
/// </summary>
public sealed class UnitCounterStore(IDatabase database, IUnitCatalog catalog) : IUnitCounterStore
{
    private static readonly string CounterSums = string.Join(", ", StatsCounters.Columns.Select(c => $"SUM(ci.{c.Column})"));

    public async Task<UnitCounters> LoadAsync(string unitCode, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var day = StatsCounters.DueDay.Of(now);
        await using var connection = await database.OpenAsync(cancellationToken);

        // The subtree as the unit tree sees it.
        var subtree = new UnitTree(await catalog.ListAsync(cancellationToken)).Subtree(unitCode).ToList();

        var leads = database.Dialect.In("ci.lead_unit", "leads");
        var groups = new Dictionary<(string Lead, string Round), (Dictionary<string, long> Measures, long DueBefore, List<long> DueDuring)>();
        (Dictionary<string, long> Measures, long DueBefore, List<long> DueDuring) Group(string lead, string round)
        {
            if (!groups.TryGetValue((lead, round), out var group))
            {
                groups[(lead, round)] = group = (StatsCounters.Columns.ToDictionary(c => c.Measure, _ => 0L, StringComparer.Ordinal), 0, []);
            }

            return group;
        }

        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                         $"SELECT ci.lead_unit, ci.round_code, {CounterSums} FROM stats_counter ci WHERE ci.received_day = 0 AND ci.category = '' AND {leads} GROUP BY ci.lead_unit, ci.round_code",
                         new { leads = subtree }, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var measures = Group(reader.GetString(0), reader.GetString(1)).Measures;
                for (var i = 0; i < StatsCounters.Columns.Count; i++)
                {
                    measures[StatsCounters.Columns[i].Measure] += Convert.ToInt64(reader.GetValue(2 + i), CultureInfo.InvariantCulture);
                }
            }
        }

        // Open cases due before the day (StatsCounters.DueBeforeCondition).
        var dueParameters = new DynamicParameters(StatsCounters.DueBeforeParameters(day));
        dueParameters.Add("leads", subtree);
        var dueBefore = await connection.QueryAsync<(string Lead, string Round, long Cases)>(new CommandDefinition(
            $"SELECT ci.lead_unit, ci.round_code, {StatsCounters.DueBeforeCases} FROM stats_day_counter ci " +
            $"WHERE {StatsCounters.DueBeforeCondition} AND ci.category = '' AND {leads} GROUP BY ci.lead_unit, ci.round_code",
            dueParameters, cancellationToken: cancellationToken));
        foreach (var (lead, round, cases) in dueBefore)
        {
            var group = Group(lead, round);
            groups[(lead, round)] = group with { DueBefore = group.DueBefore + cases };
        }

        var dueDuring = await connection.QueryAsync<(string Lead, string? Round, long DueAt)>(new CommandDefinition(
            $"SELECT ci.lead_unit, ci.round_code, ci.due_at FROM case_index ci WHERE ci.is_open = 1 AND ci.due_at >= @dayStart AND ci.due_at < @dayEnd AND {leads}",
            new { dayStart = day.StartMs, dayEnd = day.EndMs, leads = subtree }, cancellationToken: cancellationToken));
        foreach (var (lead, round, dueAt) in dueDuring)
        {
            Group(lead, round ?? StatsCounters.NoRound).DueDuring.Add(dueAt);
        }

        return new UnitCounters(subtree, SqlTime.FromMs(day.StartMs), SqlTime.FromMs(day.EndMs), groups
            .Select(g => new UnitCounterGroup(g.Key.Lead, g.Key.Round.Length == 0 ? null : g.Key.Round, g.Value.Measures, g.Value.DueBefore, g.Value.DueDuring.Order().ToList()))
            .ToList());
    }
}
