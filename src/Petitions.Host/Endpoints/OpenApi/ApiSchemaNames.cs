using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Petitions.Host.Endpoints.OpenApi;

/// <summary>
/// The names of the request and response schemas, in one place. The Application nests its types in the slice that
/// owns them (RegisterPetition.Command, GetProblemList.Item), so the bare type name says nothing and repeats: here a
/// request is named after its slice (RegisterPetitionRequest), a slice's result is its response
/// (SignInResponse), a row is named after what it lists (ProblemListItem, SecurityLogEntry). Two types never share
/// a name: a clash fails the document instead of silently describing one type with the other's schema.
/// </summary>
public static class ApiSchemaNames
{
    private static readonly ConcurrentDictionary<string, Type> Taken = new();

    /// <summary>For <see cref="OpenApiOptions.CreateSchemaReferenceId"/>: null keeps a schema inline, as the default does.</summary>
    public static string? For(JsonTypeInfo typeInfo)
    {
        var defaultId = OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo);
        if (defaultId is null || Nullable.GetUnderlyingType(typeInfo.Type) is not null) return defaultId;

        var name = Of(typeInfo.Type);
        var owner = Taken.GetOrAdd(name, typeInfo.Type);
        return owner == typeInfo.Type
            ? name
            : throw new InvalidOperationException($"The schema name {name} would describe both {owner.FullName} and {typeInfo.Type.FullName}: extend {nameof(ApiSchemaNames)}.");
    }

    /// <summary>The schema name of a type: PagedResult&lt;GetProblemList.Item&gt; → PagedResultOfProblemListItem.</summary>
    public static string Of(Type type)
    {
        if (type.IsGenericType)
        {
            var generic = type.Name[..type.Name.IndexOf('`')];
            return generic + "Of" + string.Concat(type.GetGenericArguments().Select(Of));
        }

        return type.DeclaringType is { } slice ? Nested(slice.Name, type.Name) : type.Name;
    }

    private static string Nested(string slice, string name) => name switch
    {
        "Command" or "Query" => slice + "Request",
        "Result" => slice + "Response",
        "Item" or "Entry" or "Row" => Noun(slice) + name,
        _ => name,
    };

    /// <summary>"GetProblemList" → "ProblemList", "ListSecurityLog" → "SecurityLog": what a row belongs to.</summary>
    private static string Noun(string slice)
    {
        foreach (var verb in (string[])["Get", "List"])
        {
            if (slice.Length > verb.Length && slice.StartsWith(verb, StringComparison.Ordinal) && char.IsUpper(slice[verb.Length]))
                return slice[verb.Length..];
        }

        return slice;
    }
}
