using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Petitions.Infrastructure.Keys;

/// <summary>
/// The ASP.NET Core Data Protection key ring (sign-in cookies, antiforgery) as files in the key directory, so every
/// silo that shares the directory accepts the others' cookies, each written owner-only (0600) and moved into place
/// whole (the framework's file repository leaves the permissions to the umask).
/// </summary>
public sealed class OwnerOnlyXmlRepository(KeyDirectory keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        keys.Ensure();
        return Directory.EnumerateFiles(keys.WebRing, "*.xml").Order(StringComparer.Ordinal).Select(XElement.Load).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        keys.Ensure();
        var name = string.IsNullOrWhiteSpace(friendlyName) || friendlyName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'))
            ? Guid.NewGuid().ToString("N")
            : friendlyName;
        using var buffer = new MemoryStream();
        element.Save(buffer);
        KeyDirectory.WriteOwnerOnly(Path.Combine(keys.WebRing, name + ".xml"), buffer.ToArray(), overwrite: true);
    }
}
