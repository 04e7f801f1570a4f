using System.Runtime.InteropServices;
using System.Text;

namespace Petitions.Infrastructure.Storage;

/// <summary>How hard SQLite pushes each commit to disk (PRAGMA synchronous), for every connection of the process.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// WAL + NORMAL: a commit survives the process being killed and the file never corrupts; only an operating-system
    /// crash or power cut may lose the last commits. About 10× the commit rate of FULL on a virtual disk.
    /// </summary>
    Normal,

    /// <summary>WAL + FULL: every commit waits for an fsync of the log (SQLite's default; ~300–500 commits/s here).</summary>
    Full,
}

/// <summary>
/// Per-connection SQLite settings for every connection of the process. PRAGMAs are per connection, and Orleans' ADO.NET
/// providers open their own connections through Microsoft.Data.Sqlite's factory, which offers no hook. SQLite does:
/// sqlite3_auto_extension registers a function that runs on every connection opened from then on, ours and Orleans'.
/// <list type="bullet">
/// <item>synchronous: see <see cref="SqliteSynchronousMode"/>.</item>
/// <item>busy_timeout: a writer that finds the database locked waits inside SQLite, retrying after 1, 2, 5 … 100 ms,
/// instead of failing at once into Microsoft.Data.Sqlite's own retry, which sleeps 150 ms (a blocked thread) per try.</item>
/// <item>a trace span per statement: see <see cref="SqliteStatementSpans"/>.</item>
/// </list>
/// </summary>
public static class SqliteTuning
{
    /// <summary>As long as Microsoft.Data.Sqlite's default command timeout: a lock is waited for, never failed early.</summary>
    public const int BusyTimeoutMs = 30_000;

    private static readonly object Gate = new();
    private static bool registered;
    private static byte[] pragmas = Pragmas(SqliteSynchronousMode.Full);

    // Kept alive for the life of the process: SQLite holds the function pointer.
    private static readonly AutoExtension Entry = OnOpen;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int AutoExtension(IntPtr db, IntPtr errorMessage, IntPtr api);

    /// <summary>Applies the settings to every SQLite connection opened from now on. Process-wide; idempotent.</summary>
    /// <returns>False when the native library could not be reached (connections keep SQLite's defaults).</returns>
    public static bool Apply(SqliteSynchronousMode synchronous)
    {
        lock (Gate)
        {
            pragmas = Pragmas(synchronous);
            if (registered) return true;
            try
            {
                // Make sure Microsoft.Data.Sqlite has loaded and initialised the native library first.
                using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:")) connection.Open();
                registered = NativeMethods.sqlite3_auto_extension(Marshal.GetFunctionPointerForDelegate(Entry)) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                registered = false;
            }

            return registered;
        }
    }

    private static int OnOpen(IntPtr db, IntPtr errorMessage, IntPtr api)
    {
        NativeMethods.sqlite3_trace_v2(db, SqliteStatementSpans.TraceProfile, SqliteStatementSpans.CallbackPointer, IntPtr.Zero);
        return NativeMethods.sqlite3_exec(db, pragmas, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
    }

    private static byte[] Pragmas(SqliteSynchronousMode synchronous) => Encoding.UTF8.GetBytes(
        $"PRAGMA synchronous={(synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={BusyTimeoutMs};\0");

    private static class NativeMethods
    {
        // The library Microsoft.Data.Sqlite (SQLitePCLRaw.bundle_e_sqlite3) loads: the same module, so the same registry.
        private const string Library = "e_sqlite3";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_auto_extension(IntPtr entryPoint);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_exec(IntPtr db, byte[] sql, IntPtr callback, IntPtr argument, IntPtr errorMessage);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_trace_v2(IntPtr db, uint mask, IntPtr callback, IntPtr context);
    }
}
