using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Petitions.Host.Errors;

/// <summary>
/// Faults of what the host stands on, not of the request: the database unreachable or refusing writes (stopped
/// server, full disk, read-only file), a silo of the cluster gone, a call that timed out. The client may retry the
/// same request (with its Idempotency-Key) later: 503 with Retry-After, never a 500 and never a hang.
/// </summary>
public static class Unavailable
{
    public const int RetryAfterSeconds = 5;

    /// <summary>The fault anywhere in the exception's chain, or null when it is something else.</summary>
    public static string? Reason(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var reason = e switch
            {
                SqliteException { SqliteErrorCode: 13 } => "The disk is full.",                               // SQLITE_FULL
                SqliteException { SqliteErrorCode: 8 } => "The database is read-only.",                         // SQLITE_READONLY
                SqliteException { SqliteErrorCode: 10 or 14 or 5 or 6 } => "The database cannot be written now.", // IOERR, CANTOPEN, BUSY, LOCKED
                NpgsqlException { IsTransient: true } or NpgsqlException { InnerException: SocketException or IOException or TimeoutException }
                    => "The database is unreachable.",
                PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53100" or "53200" or "53300" } => "The database is unavailable.",
                IOException io when io.HResult is 28 or unchecked((int)0x80070070) => "The disk is full.",
                SiloUnavailableException or OrleansMessageRejectionException => "A server of the cluster is unavailable.",
                TimeoutException => "The request timed out inside the system.",
                _ => null,
            };
            if (reason is not null) return reason;
            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate && Reason(aggregate.InnerExceptions[0]) is { } inner) return inner;
        }

        return null;
    }
}
