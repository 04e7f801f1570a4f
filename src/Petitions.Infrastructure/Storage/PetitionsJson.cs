using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Orleans.Storage;

namespace Petitions.Infrastructure.Storage;

/// <summary>
/// JSON for stored grain state and for domain types crossing silos: property names as in C# (a rename is a
/// migration), enums by name, no CLR type names in the data (so refactoring namespaces cannot break stored rows).
/// </summary>
public static class PetitionsJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>The grain storage serializer: System.Text.Json with <see cref="PetitionsJson.Options"/>.</summary>
public sealed class GrainStateJsonSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, PetitionsJson.Options));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(PetitionsJson.Options)!;
}
