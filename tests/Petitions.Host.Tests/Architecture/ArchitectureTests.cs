using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using Petitions.Application;
using Petitions.Contracts;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;
using Petitions.Infrastructure;

namespace Petitions.Host.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/architecture.md, checked on the compiled assemblies (every type, member and method
/// body, via NetArchTest) and, for SQL, on the source: a rule broken anywhere fails here with the types or files that
/// break it.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(PetitionRules).Assembly;
    private static readonly Assembly Contracts = typeof(StorageNames).Assembly;
    private static readonly Assembly Grains = typeof(Petitions.Grains.Cases.PetitionCaseGrain).Assembly;
    private static readonly Assembly Application = typeof(ApplicationServices).Assembly;
    private static readonly Assembly Infrastructure = typeof(DependencyInjection).Assembly;

    private const string Ours = "Petitions";

    /// <summary>Types that may still break a rule, each with the reason (none now).</summary>
    private static readonly IReadOnlyDictionary<string, string> Exempt = new Dictionary<string, string>();

    private static readonly string[] ExemptSources = [];

    [Fact]
    public void The_domain_depends_on_nothing_of_ours_and_on_no_framework()
    {
        AssertNone(Domain, $"{Ours}.Contracts", $"{Ours}.Grains", $"{Ours}.Application", $"{Ours}.Infrastructure", $"{Ours}.Host",
            "Orleans", "MediatR", "Dapper", "FluentValidation", "Npgsql", "Microsoft.Data.Sqlite", "Microsoft.AspNetCore");
    }

    [Fact]
    public void Contracts_never_depend_on_the_application_the_infrastructure_or_the_grains()
    {
        AssertNone(Contracts, $"{Ours}.Application", $"{Ours}.Infrastructure", $"{Ours}.Grains", $"{Ours}.Host", "MediatR", "Dapper");
    }

    [Fact]
    public void Grains_never_depend_on_the_application_or_the_infrastructure()
    {
        AssertNone(Grains, $"{Ours}.Application", $"{Ours}.Infrastructure", $"{Ours}.Host", "MediatR", "Dapper", "Npgsql", "Microsoft.Data.Sqlite");
    }

    [Fact]
    public void The_application_never_depends_on_the_infrastructure_the_host_or_a_database_library()
    {
        AssertNone(Application, $"{Ours}.Infrastructure", $"{Ours}.Host", $"{Ours}.Grains", "Npgsql", "Microsoft.Data.Sqlite", "System.Data.SQLite", "Dapper");
    }

    [Fact]
    public void The_infrastructure_never_depends_on_the_host()
    {
        AssertNone(Infrastructure, $"{Ours}.Host");
    }

    [Fact]
    public void No_SQL_text_outside_the_infrastructure()
    {
        var root = PostgresServer.RepositoryRoot();
        var offenders = SourceFiles(root)
            .Where(f => !f.Relative.StartsWith("src/Petitions.Infrastructure/", StringComparison.Ordinal) && !ExemptSources.Contains(f.Relative))
            .SelectMany(f => SqlIn(f.Path).Select(sql => $"{f.Relative}: {sql}"))
            .ToList();
        Assert.True(offenders.Count == 0, "SQL belongs in src/Petitions.Infrastructure, behind a port:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_SQL_detector_finds_the_infrastructures_queries()
    {
        // The check above is only as good as its detector: it must see the SQL that is where it belongs.
        var root = PostgresServer.RepositoryRoot();
        var found = SourceFiles(root).Where(f => f.Relative.StartsWith("src/Petitions.Infrastructure/", StringComparison.Ordinal) && SqlIn(f.Path).Any())
            .Select(f => Path.GetFileName(f.Path)).ToHashSet();
        Assert.Superset(new HashSet<string> { "CaseIndexQueries.cs", "StatisticsQueries.cs", "UserAccountStore.cs", "RoundStore.cs", "CaseProjector.cs" }, found);
        Assert.Equal(["SELECT x FROM t"], SqlIn("SELECT x FROM t", fromText: true));
        Assert.Empty(SqlIn("// SELECT x FROM t\nvar select = \"Select a unit from the list\";", fromText: true));
    }

    private static void AssertNone(Assembly assembly, params string[] forbidden)
    {
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        var failing = (result.FailingTypeNames ?? []).Where(name => !Exempt.Keys.Any(e => name == e || name.StartsWith(e + "/", StringComparison.Ordinal) || name.StartsWith(e + "+", StringComparison.Ordinal)))
            .ToList();
        Assert.True(failing.Count == 0, $"{assembly.GetName().Name} must not depend on {string.Join(", ", forbidden)}; these types do:\n{string.Join("\n", failing)}");
    }

    private static IEnumerable<(string Path, string Relative)> SourceFiles(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".razor", StringComparison.Ordinal))
            .Select(p => (Path: p, Relative: Path.GetRelativePath(root, p).Replace('\\', '/')))
            .Where(f => !f.Relative.Contains("/obj/", StringComparison.Ordinal) && !f.Relative.Contains("/bin/", StringComparison.Ordinal));

    /// <summary>Statements as code writes them (upper-case keywords), outside comments.</summary>
    private static readonly Regex Sql = new(
        @"\bSELECT\s[^;]{0,400}?\sFROM\s+\w+|\bINSERT\s+INTO\s+\w+|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\s+\w+|\bCREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)\b|\bON\s+CONFLICT\b|\bPRAGMA\s+\w+",
        RegexOptions.CultureInvariant);

    private static readonly Regex Comment = new(@"/\*[\s\S]*?\*/|//[^\n]*|@\*[\s\S]*?\*@", RegexOptions.CultureInvariant);

    private static List<string> SqlIn(string pathOrText, bool fromText = false)
    {
        var text = Comment.Replace(fromText ? pathOrText : File.ReadAllText(pathOrText), "");
        return Sql.Matches(text).Select(m => Regex.Replace(m.Value, @"\s+", " ")).ToList();
    }
}
