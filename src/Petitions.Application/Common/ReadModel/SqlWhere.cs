using Dapper;
using Petitions.Application.Common.Security;
using Petitions.Contracts.ReadModel;

namespace Petitions.Application.Common.ReadModel;

/// <summary>
/// The WHERE clause of a read-model query, built from optional filters, with its parameters. Conditions compare
/// columns with parameters (no function on an indexed column), so that the indexes of 0002/0003 apply; the same
/// text runs on SQLite and PostgreSQL.
/// </summary>
public sealed class SqlWhere(SqlDialect dialect)
{
    private readonly List<string> conditions = [];

    public DynamicParameters Parameters { get; } = new();

    /// <summary>False when a filter can match nothing (an empty scope): the caller answers without a query.</summary>
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

    /// <summary>Cases one of whose units (lead or co-unit, via case_unit) is in the set.</summary>
    public SqlWhere AnyUnitIn(string parameter, IReadOnlyCollection<string> units) =>
        In(units, $"ci.case_no IN (SELECT cu.case_no FROM case_unit cu WHERE {InList("cu.unit_code", parameter)})", parameter);

    /// <summary>Cases led by a unit in the set (the attribution of statistics).</summary>
    public SqlWhere LeadUnitIn(string parameter, IReadOnlyCollection<string> units) =>
        In(units, InList("ci.lead_unit", parameter), parameter);

    /// <summary>What the caller may see: cases with a lead or co-unit in scope.</summary>
    public SqlWhere VisibleTo(Scope scope) => scope.Everything ? this : AnyUnitIn("scopeUnits", scope.Units.ToList());

    /// <summary>What the caller's statistics count: cases led by a unit in scope.</summary>
    public SqlWhere LedWithin(Scope scope) => scope.Everything ? this : LeadUnitIn("scopeUnits", scope.Units.ToList());

    public string Clause => conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions.Select(c => $"({c})"));

    /// <summary>
    /// Dapper expands a list into IN (@p1, @p2, …) on SQLite, but hands it to Npgsql as one array parameter, which
    /// PostgreSQL compares with = ANY: the one place the dialects differ.
    /// </summary>
    private string InList(string column, string parameter) =>
        dialect == SqlDialect.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    private SqlWhere In(IReadOnlyCollection<string> values, string condition, string parameter)
    {
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

    /// <summary>A LIKE pattern for a case-insensitive substring, with % and _ in the text matched literally (ESCAPE '\').</summary>
    public static string Contains(string text) =>
        "%" + text.ToLowerInvariant().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
