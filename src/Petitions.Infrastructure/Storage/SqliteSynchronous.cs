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
/// PRAGMA synchronous is a per-connection setting, and Orleans' ADO.NET providers open their own connections through
/// Microsoft.Data.Sqlite's factory, which offers no hook. SQLite does: sqlite3_auto_extension registers a function
/// that runs on every connection the process opens from then on, ours and Orleans' alike.
/// </summary>
public static class SqliteSynchronous
{
    private static readonly object Gate = new();
    private static bool registered;
    private static byte[] pragma = Pragma(SqliteSynchronousMode.Full);

    // Kept alive for the life of the process: SQLite holds the function pointer.
    private static readonly AutoExtension Entry = OnOpen;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int AutoExtension(IntPtr db, IntPtr errorMessage, IntPtr api);

    /// <summary>Applies <paramref name="mode"/> to every SQLite connection opened from now on. Process-wide; idempotent.</summary>
    /// <returns>False when the native library could not be reached (connections keep SQLite's default, FULL).</returns>
    public static bool Apply(SqliteSynchronousMode mode)
    {
        lock (Gate)
        {
            pragma = Pragma(mode);
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

    private static int OnOpen(IntPtr db, IntPtr errorMessage, IntPtr api) =>
        NativeMethods.sqlite3_exec(db, pragma, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);

    private static byte[] Pragma(SqliteSynchronousMode mode) =>
        Encoding.UTF8.GetBytes($"PRAGMA synchronous={(mode == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};\0");

    private static class NativeMethods
    {
        // The library Microsoft.Data.Sqlite (SQLitePCLRaw.bundle_e_sqlite3) loads: the same module, so the same registry.
        private const string Library = "e_sqlite3";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_auto_extension(IntPtr entryPoint);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_exec(IntPtr db, byte[] sql, IntPtr callback, IntPtr argument, IntPtr errorMessage);
    }
}
