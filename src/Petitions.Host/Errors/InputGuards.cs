using System.Text;
using Microsoft.Net.Http.Headers;

namespace Petitions.Host.Errors;

/// <summary>
/// Request shapes the framework would fail on deep inside body reading with an exception that is no client error
/// (an unknown charset in Content-Type): refused up front as 415 through the one ProblemDetails mapper.
/// </summary>
public static class InputGuards
{
    public static IApplicationBuilder UseInputGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var contentType = context.Request.ContentType;
        if (!string.IsNullOrEmpty(contentType))
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
            {
                throw new BadHttpRequestException("The Content-Type header is malformed.", StatusCodes.Status415UnsupportedMediaType);
            }

            if (media.Charset is { Length: > 0 } charset && !IsKnownEncoding(charset.ToString().Trim('"')))
            {
                throw new BadHttpRequestException($"The charset '{charset}' is not supported; send UTF-8.", StatusCodes.Status415UnsupportedMediaType);
            }
        }

        await next(context);
    });

    private static bool IsKnownEncoding(string name)
    {
        try
        {
            _ = Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
