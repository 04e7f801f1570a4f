using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Petitions.Host.Endpoints.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, made true in one place: schema names (<see cref="ApiSchemaNames"/>),
/// the bearer scheme declared and required by exactly the operations that need a token, tag descriptions, and the
/// ETag header of the answers that carry a case version. Statuses come from each endpoint's own declarations.
/// </summary>
public static class ApiDescription
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddPetitionsApiDescription(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.CreateSchemaReferenceId = ApiSchemaNames.For;
            options.AddDocumentTransformer(DescribeDocument);
            options.AddOperationTransformer(DescribeOperation);
        });

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Petitions API",
            Version = DocumentName,
            Description = "Complaints from the inspection rounds (巡视信访件) from registration to closure, their statistics and supervision. " +
                          "Sign in with POST /api/auth/token and send the token as `Authorization: Bearer <token>`. Errors are RFC 9457 " +
                          "problem details: 400 names the invalid field, parameter or header; 409 names the rule a case action broke.",
        };
        // The server is the address the document was fetched from; "http://host/" with its slash breaks joined paths.
        foreach (var server in document.Servers ?? new List<OpenApiServer>()) server.Url = server.Url?.TrimEnd('/');

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The accessToken of POST /api/auth/token.",
        };

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && ApiTags.Descriptions.TryGetValue(name, out var description)) tag.Description = description;
        }

        return Task.CompletedTask;
    }

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
        }
        else if (metadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        }

        // Query parameters bind case-insensitively; the document spells them as the README and the clients do.
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: { Length: > 0 } name } query && char.IsUpper(name[0]))
                query.Name = char.ToLowerInvariant(name[0]) + name[1..];
        }

        if (operation.Responses?.TryGetValue("201", out var created) == true)
            AddHeader(created, "Location", "The path of the created resource.");
        if (metadata.OfType<AnswersETag>().Any() && operation.Responses?.TryGetValue("200", out var ok) == true)
            AddHeader(ok, "ETag", "The case's version, quoted (\"3\"): send it back as If-Match to refuse an action on a case that has changed since.");

        return Task.CompletedTask;
    }

    private static void AddHeader(IOpenApiResponse response, string name, string description)
    {
        if (response is not OpenApiResponse concrete) return;
        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
        concrete.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }
}
