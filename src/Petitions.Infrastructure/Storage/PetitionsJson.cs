using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Orleans.Storage;
using Petitions.Infrastructure.Keys;

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

/// <summary>
/// The grain storage serializer: System.Text.Json with <see cref="PetitionsJson.Options"/>, and complainant identities
/// sealed (<see cref="SealedComplainantConverter"/>). Stored state only: between silos the state travels unsealed.
/// </summary>
public sealed class GrainStateJsonSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions options;

    public GrainStateJsonSerializer(IdentitySealer sealer)
    {
        options = new JsonSerializerOptions(PetitionsJson.Options);
        options.Converters.Add(new SealedComplainantConverter(sealer));
        options.MakeReadOnly();
    }

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, options));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(options)!;

    public T? Deserialize<T>(byte[] input) => JsonSerializer.Deserialize<T>(input, options);
}
