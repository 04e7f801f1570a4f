using Dapper;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Common;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// The WHERE clause of a read-model query, built from optional filters, with its parameters. Conditions compare
/// columns with parameters (no function on an indexed column), so that the indexes of 0002/0003 apply; the same
/// text runs on SQLite and PostgreSQL.
/// </summary>
public sealed class SqlWhere(SqlDialect dialect)
{
    private readonly List<string> conditions = [];

    public DynamicParameters Parameters { get; } = new();

    /// <summary>False when a filter can match nothing (an empty unit set): the caller answers without a query.</summary>
    public bool CanMatch { get; private set; } = true;

    public SqlWhere And(string condition, object? parameters = null)
    {
        conditions.Add(condition);
        if (parameters is not null) Parameters.AddDynamicParams(parameters);
        return this;
    }

    public SqlWhere Param(string name, object? value)
    {
        Parameters.Add(name, value);
        return this;
    }

    /// <summary>
    /// Cases one of whose units (lead or co-unit, via case_unit) is in the set, and (optional) of this status and
    /// received in these China days; null units: no unit condition, the others on case_index.
    /// With units, the status and the days are conditions on case_unit, which carries them (schema 0021): its index
    /// (unit_code, status, received_at, case_no) then yields exactly the matching cases, where the same conditions on
    /// case_index would make the database check one set against the other row by row.
    /// </summary>
    public SqlWhere AnyUnitIn(string parameter, IReadOnlyCollection<string>? units, string? status = null, DateOnly? from = null, DateOnly? to = null)
    {
        if (units is null)
        {
            if (status is not null) And("ci.status = @status", new { status });
            return ReceivedBetween(from, to);
        }

        var conditions = new List<string> { dialect.In("cu.unit_code", parameter) };
        if (status is not null)
        {
            conditions.Add("cu.status = @status");
            Param("status", status);
        }

        if (from is { } first)
        {
            conditions.Add("cu.received_at >= @fromMs");
            Param("fromMs", StartOfDayMs(first));
        }

        if (to is { } last)
        {
            conditions.Add("cu.received_at < @toMs");
            Param("toMs", StartOfDayMs(last.AddDays(1)));
        }

        return In(units, $"ci.case_no IN (SELECT cu.case_no FROM case_unit cu WHERE {string.Join(" AND ", conditions)})", parameter);
    }

    /// <summary>
    /// What a caller with these units may list: cases one of whose units is in the set, and cases a unit in the set
    /// reviews (复查 / 复核: the reviewing unit reads the case it answers); null: no condition.
    /// </summary>
    public SqlWhere VisibleTo(string parameter, IReadOnlyCollection<string>? units) =>
        In(units, $"ci.case_no IN (SELECT cu.case_no FROM case_unit cu WHERE {dialect.In("cu.unit_code", parameter)}) " +
                  $"OR ci.case_no IN (SELECT cr.case_no FROM case_review cr WHERE {dialect.In("cr.reviewing_unit", parameter)})", parameter);

    /// <summary>Cases led by a unit in the set (the attribution of statistics); null: no condition.</summary>
    public SqlWhere LeadUnitIn(string parameter, IReadOnlyCollection<string>? units) =>
        In(units, dialect.In("ci.lead_unit", parameter), parameter);

    /// <summary>Received from the start of the first China day to the end of the last (either optional).</summary>
    public SqlWhere ReceivedBetween(DateOnly? from, DateOnly? to)
    {
        if (from is { } first) And("ci.received_at >= @fromMs", new { fromMs = StartOfDayMs(first) });
        if (to is { } last) And("ci.received_at < @toMs", new { toMs = StartOfDayMs(last.AddDays(1)) });
        return this;
    }

    public string Clause => conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions.Select(c => $"({c})"));

    private SqlWhere In(IReadOnlyCollection<string>? values, string condition, string parameter)
    {
        if (values is null) return this;
        // An empty list matches nothing: say so instead of sending a query.
        if (values.Count == 0)
        {
            CanMatch = false;
            return this;
        }

        conditions.Add(condition);
        Parameters.Add(parameter, values.ToArray());
        return this;
    }

    /// <summary>The first instant of a China calendar day, in Unix milliseconds.</summary>
    public static long StartOfDayMs(DateOnly date) => SqlTime.ToMs(ChinaTime.StartOfDay(date));

    /// <summary>A LIKE pattern for a case-insensitive substring, with % and _ in the text matched literally (ESCAPE '\').</summary>
    public static string Contains(string text) =>
        "%" + text.ToLowerInvariant().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
