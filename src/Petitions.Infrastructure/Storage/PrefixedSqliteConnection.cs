using System.Data;
using Microsoft.Data.Sqlite;

namespace Petitions.Infrastructure.Storage;

/// <summary>
/// The SQLite connection every part of the system opens (ours, the group commit's, Orleans' grain storage's): an
/// ordinary <see cref="SqliteConnection"/> whose commands name their parameters as the SQL does ("@name") before they
/// run.
/// <para>
/// Why: Dapper names parameters without the prefix ("name"). Microsoft.Data.Sqlite then asks SQLite for "name" (not
/// found), then for "@name", "$name" and ":name" (it checks all three for ambiguity), and SQLite finds each name by
/// walking the statement's list of names (sqlite3VListNameToNum, strncmp) — so a statement of P parameters costs about
/// 3.5·P² string comparisons and three strings per parameter. The case row's upsert has 50 parameters, a case's
/// postings up to 100 per statement: in a profile of registrations at 32 clients, binding by name was 9% of the
/// process's CPU (strncmp alone 6%). Named "@name", a parameter is found by the first lookup, half a walk on average.
/// </para>
/// </summary>
public sealed class PrefixedSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    public override SqliteCommand CreateCommand() => new PrefixedSqliteCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    private sealed class PrefixedSqliteCommand : SqliteCommand
    {
        // Every Execute… of Microsoft.Data.Sqlite (non-query, scalar, their async forms) runs through this one.
        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            foreach (SqliteParameter parameter in Parameters)
            {
                if (parameter.ParameterName is { Length: > 0 } name && name[0] is not ('@' or '$' or ':'))
                {
                    parameter.ParameterName = "@" + name;
                }
            }

            return base.ExecuteReader(behavior);
        }
    }
}
