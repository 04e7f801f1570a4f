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
    /// <summary>
    /// One condition on case_index ci. A condition that is a set of case numbers from another table (the case's units,
    /// its categories, the text index) also has the same set as a per-row check (<see cref="Checks"/>) and, when it
    /// is the whole filter, its count from that table alone (<see cref="Count"/>).
    /// </summary>
    private sealed record Condition(string Drives, string? Checks = null, string? Count = null);

    private readonly List<Condition> conditions = [];

    public DynamicParameters Parameters { get; } = new();

    /// <summary>False when a filter can match nothing (an empty unit set): the caller answers without a query.</summary>
    public bool CanMatch { get; private set; } = true;

    public SqlWhere And(string condition, object? parameters = null) => Add(new Condition(condition), parameters);

    /// <summary>
    /// A condition given twice: <paramref name="drives"/> as the database should use it to find the rows, and
    /// <paramref name="checks"/>, the same condition, as it should check it on each row of another index (see
    /// <see cref="CheckingClause"/>).
    /// </summary>
    public SqlWhere And(string drives, string checks, object? parameters = null) => Add(new Condition(drives, checks), parameters);

    /// <summary>Cases filed under <paramref name="category"/> (one case_category row per case and category).</summary>
    public SqlWhere InCategory(string category) =>
        Add(CaseIn("case_category", "f", "f.category = @category", oneRowPerCase: true), new { category });

    /// <summary>
    /// Cases with a row in <paramref name="table"/> (alias <paramref name="alias"/>, with a case_no column) that
    /// satisfies <paramref name="predicate"/>. <paramref name="oneRowPerCase"/>: the predicate selects at most one
    /// row per case (the count of the rows is then the count of the cases).
    /// </summary>
    private static Condition CaseIn(string table, string alias, string predicate, bool oneRowPerCase) => new(
        $"ci.case_no IN (SELECT {alias}.case_no FROM {table} {alias} WHERE {predicate})",
        $"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.case_no = ci.case_no AND {predicate})",
        $"SELECT COUNT({(oneRowPerCase ? "*" : $"DISTINCT {alias}.case_no")}) FROM {table} {alias} WHERE {predicate}");

    private SqlWhere Add(Condition condition, object? parameters)
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

        var predicate = new List<string> { dialect.In("cu.unit_code", parameter) };
        if (status is not null)
        {
            predicate.Add("cu.status = @status");
            Param("status", status);
        }

        predicate.AddRange(Received("cu.received_at", from, to));
        // One unit: a case has one row per unit, so one row per case.
        return In(units, parameter, CaseIn("case_unit", "cu", string.Join(" AND ", predicate), oneRowPerCase: units.Count == 1));
    }

    /// <summary>
    /// What a caller with these units may list: cases one of whose units is in the set, and cases a unit in the set
    /// reviews (复查 / 复核: the reviewing unit reads the case it answers); null: no condition.
    /// </summary>
    public SqlWhere VisibleTo(string parameter, IReadOnlyCollection<string>? units)
    {
        var (unit, review) = (CaseIn("case_unit", "cu", dialect.In("cu.unit_code", parameter), oneRowPerCase: false),
            CaseIn("case_review", "cr", dialect.In("cr.reviewing_unit", parameter), oneRowPerCase: false));
        return In(units, parameter, new Condition($"{unit.Drives} OR {review.Drives}", $"{unit.Checks} OR {review.Checks}"));
    }

    /// <summary>Cases led by a unit in the set (the attribution of statistics); null: no condition.</summary>
    public SqlWhere LeadUnitIn(string parameter, IReadOnlyCollection<string>? units) =>
        In(units, parameter, new Condition(dialect.In("ci.lead_unit", parameter)));

    /// <summary>Received from the start of the first China day to the end of the last (either optional).</summary>
    public SqlWhere ReceivedBetween(DateOnly? from, DateOnly? to)
    {
        foreach (var condition in Received("ci.received_at", from, to)) And(condition);
        return this;
    }

    /// <summary>The conditions on <paramref name="column"/> (Unix ms) of a received range of China days, their parameters added.</summary>
    private List<string> Received(string column, DateOnly? from, DateOnly? to)
    {
        var conditions = new List<string>();
        if (from is { } first)
        {
            conditions.Add($"{column} >= @fromMs");
            Param("fromMs", StartOfDayMs(first));
        }

        if (to is { } last)
        {
            conditions.Add($"{column} < @toMs");
            Param("toMs", StartOfDayMs(last.AddDays(1)));
        }

        return conditions;
    }

    public string Clause => Render(c => c.Drives);

    /// <summary>Whether a condition is a set of cases from another table (see <see cref="CheckingClause"/>).</summary>
    public bool HasCaseSets => conditions.Any(c => c.Checks is not null);

    /// <summary>
    /// The same conditions, each set of cases from another table written as a check of the row at hand, for a query
    /// that walks another index of case_index (the received-time index of a list, see CaseIndexQueries) and stops at
    /// its page: a check costs one lookup per row walked, where the set would be read whole first.
    /// </summary>
    public string CheckingClause => Render(c => c.Checks ?? c.Drives);

    /// <summary>
    /// How many cases match: when the filter is a single set of cases from another table, counted in that table (its
    /// index alone); otherwise COUNT(*) over case_index.
    /// </summary>
    public string CountSql => conditions is [{ Count: { } count }] ? count : $"SELECT COUNT(*) FROM case_index ci {Clause}";

    private string Render(Func<Condition, string> form) =>
        conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions.Select(c => $"({form(c)})"));

    /// <summary>A condition on a list parameter: none when the list is null, "matches nothing" when it is empty.</summary>
    private SqlWhere In(IReadOnlyCollection<string>? values, string parameter, Condition condition)
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
