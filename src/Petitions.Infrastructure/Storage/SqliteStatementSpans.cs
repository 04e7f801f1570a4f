using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Petitions.Infrastructure.Storage;

/// <summary>
/// A trace span per SQLite statement, the embedded database's part of HTTP → MediatR → grain → SQL (Npgsql traces
/// PostgreSQL itself). SQLite reports each finished statement with its run time (sqlite3_trace_v2, SQLITE_TRACE_PROFILE)
/// on the thread that ran it, so the span lands under whatever is current there: the grain call that wrote its state,
/// the projector's transaction, a query of a request. The text is the statement as prepared, with its parameter
/// placeholders: never a value, so no complainant data reaches a trace. Registered for every connection by
/// <see cref="SqliteTuning"/>; costs one check per statement while nobody listens.
/// </summary>
public static class SqliteStatementSpans
{
    public const string SourceName = "Petitions.Sqlite";
    private const int MaxTextLength = 2_000;

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>SQLITE_TRACE_PROFILE: the statement finished; X points at its run time in nanoseconds.</summary>
    internal const uint TraceProfile = 0x02;

    // Kept alive for the life of the process: SQLite holds the function pointer.
    private static readonly TraceCallback Callback = OnTrace;
    internal static IntPtr CallbackPointer { get; } = Marshal.GetFunctionPointerForDelegate(Callback);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int TraceCallback(uint type, IntPtr context, IntPtr statement, IntPtr detail);

    private static int OnTrace(uint type, IntPtr context, IntPtr statement, IntPtr detail)
    {
        if (type != TraceProfile || !Source.HasListeners()) return 0;
        try
        {
            var text = Marshal.PtrToStringUTF8(NativeMethods.sqlite3_sql(statement)) ?? "";
            var elapsed = TimeSpan.FromTicks(Marshal.ReadInt64(detail) / 100);
            var operation = OperationOf(text);
            using var activity = Source.StartActivity(operation, ActivityKind.Client, default(ActivityContext),
                startTime: DateTimeOffset.UtcNow - elapsed);
            if (activity is null) return 0;
            activity.SetTag("db.system.name", "sqlite");
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.query.text", text.Length > MaxTextLength ? text[..MaxTextLength] : text);
        }
        catch (Exception)
        {
            // A span is never worth a failed statement.
        }

        return 0;
    }

    /// <summary>The statement's first keyword (SELECT, INSERT, COMMIT, …): the span's name.</summary>
    public static string OperationOf(string text)
    {
        var span = text.AsSpan().TrimStart();
        var end = 0;
        while (end < span.Length && char.IsAsciiLetter(span[end])) end++;
        return end == 0 ? "SQL" : span[..end].ToString().ToUpperInvariant();
    }

    private static class NativeMethods
    {
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr sqlite3_sql(IntPtr statement);
    }
}
