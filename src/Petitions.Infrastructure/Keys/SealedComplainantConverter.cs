using System.Text.Json;
using System.Text.Json.Serialization;
using Petitions.Domain.Cases;

namespace Petitions.Infrastructure.Keys;

/// <summary>
/// How a <see cref="Complainant"/> is stored in grain state (the case and its registration event on the timeline):
/// name, phone and address sealed together into one "Sealed" field; "Anonymous" and the keyed "PhoneHash" stay
/// readable (repeat detection and the phone search use the hash). Rows written before sealing carry the plain
/// fields: they are still read, and the next write of the case (or the re-encrypt command) seals them.
/// </summary>
public sealed class SealedComplainantConverter(IdentitySealer sealer) : JsonConverter<Complainant>
{
    /// <summary>The stored property that holds the seal. Stored data: never rename.</summary>
    public const string SealedProperty = "Sealed";

    private sealed record Identity(string? Name, string? Phone, string? Address);

    public override Complainant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("A stored complainant is an object.");

        var identity = new Identity(Text(root, nameof(Complainant.Name)), Text(root, nameof(Complainant.Phone)), Text(root, nameof(Complainant.Address)));
        if (Text(root, SealedProperty) is { } sealedText)
        {
            identity = JsonSerializer.Deserialize<Identity>(sealer.Unseal(sealedText), options) ?? identity;
        }

        var anonymous = root.TryGetProperty(nameof(Complainant.Anonymous), out var flag) && flag.ValueKind == JsonValueKind.True;
        return new Complainant(identity.Name, identity.Phone, identity.Address, anonymous, Text(root, nameof(Complainant.PhoneHash)));
    }

    public override void Write(Utf8JsonWriter writer, Complainant value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteBoolean(nameof(Complainant.Anonymous), value.Anonymous);
        if (value.PhoneHash is not null) writer.WriteString(nameof(Complainant.PhoneHash), value.PhoneHash);
        if (value.Name is not null || value.Phone is not null || value.Address is not null)
        {
            writer.WriteString(SealedProperty, sealer.Seal(JsonSerializer.Serialize(new Identity(value.Name, value.Phone, value.Address), options)));
        }

        writer.WriteEndObject();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
