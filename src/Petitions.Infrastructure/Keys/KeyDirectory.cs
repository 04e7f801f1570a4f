using System.Security.Cryptography;

namespace Petitions.Infrastructure.Keys;

/// <summary>
/// The key directory (setting Keys:Directory): everything secret that the database must not hold. It is created at
/// first start with owner-only permissions (0700; files 0600) and shared by every silo of a cluster (the same path,
/// e.g. a shared mount). Layout: <c>identity/</c> the key ring that seals complainant identities
/// (<see cref="IdentitySealer"/>); <c>secrets/</c> one file per named secret (the token signing key, the phone hash
/// key, the query code key); <c>web/</c> the ASP.NET Core Data Protection ring (sign-in cookies, antiforgery).
/// </summary>
public sealed class KeyDirectory
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public KeyDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string IdentityRing => System.IO.Path.Combine(Path, "identity");

    public string Secrets => System.IO.Path.Combine(Path, "secrets");

    public string WebRing => System.IO.Path.Combine(Path, "web");

    /// <summary>Creates the directory and its parts (owner-only) if missing; tightens their permissions if not.</summary>
    public KeyDirectory Ensure()
    {
        foreach (var directory in new[] { Path, IdentityRing, Secrets, WebRing }) EnsureDirectory(directory);
        return this;
    }

    /// <summary>
    /// The named secret, created (random, <paramref name="bytes"/> long) if the directory has none: written beside its
    /// name and moved into place without overwriting, so two silos starting at once agree on the first one written.
    /// </summary>
    public byte[] GetOrCreateSecret(string name, int bytes) =>
        GetOrAddSecret(name, () => RandomNumberGenerator.GetBytes(bytes));

    /// <summary>The named secret, or the given value stored under the name if it has none yet (the first writer wins).</summary>
    public byte[] GetOrAddSecret(string name, Func<byte[]> value)
    {
        Ensure();
        var path = SecretPath(name);
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());

        WriteOwnerOnly(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(value())));
        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }

    public bool HasSecret(string name) => File.Exists(SecretPath(name));

    private string SecretPath(string name)
    {
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"Not a secret name: {name}", nameof(name));
        return System.IO.Path.Combine(Secrets, name + ".key");
    }

    /// <summary>Writes a file (0600) beside the target, flushes it to disk and moves it into place unless the target exists.</summary>
    public static void WriteOwnerOnly(string path, byte[] content, bool overwrite = false)
    {
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        try
        {
            using (var stream = new FileStream(partial, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(partial, path, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(path))
            {
                // Another silo wrote it first: its value is the one everybody uses.
            }
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static void EnsureDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        if ((File.GetUnixFileMode(directory) & ~OwnerOnlyDirectory) != 0) File.SetUnixFileMode(directory, OwnerOnlyDirectory);
    }
}
