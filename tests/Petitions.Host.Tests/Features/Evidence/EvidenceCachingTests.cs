using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Features.Evidence;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Features.Evidence.EvidenceSamples;

namespace Petitions.Host.Tests.Features.Evidence;

/// <summary>
/// A file and its thumbnail carry their content hash as tag: a browser's copy is revalidated (304) on every view, after
/// the caller's right to the case is checked again; a thumbnail is drawn once per process, not once per view.
/// </summary>
public sealed class EvidenceCachingTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private readonly CaseDriver cases = new(host);

    [Fact]
    public async Task An_unchanged_file_answers_304_to_those_who_may_see_the_case_and_a_thumbnail_is_drawn_once()
    {
        var caseNo = await cases.InProgress(new CaseSpec { Region = "654000" }, "654000");
        var handler = await host.ClientFor("handler.654000");
        var upload = await handler.PostAsync($"/api/petitions/{caseNo}/attachments", Upload(Png(1024, 768), "照片.png"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await upload.Json())["id"]!.GetValue<string>();
        var drawn = host.Services.GetRequiredService<ThumbnailCache>();

        foreach (var url in new[] { $"/api/petitions/{caseNo}/attachments/{id}", $"/api/petitions/{caseNo}/attachments/{id}/thumbnail" })
        {
            var first = await handler.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var tag = first.Headers.ETag;
            Assert.NotNull(tag);
            Assert.Contains("no-cache", first.Headers.CacheControl!.ToString());
            Assert.True(first.Headers.CacheControl!.Private);

            Assert.Equal(HttpStatusCode.NotModified, (await Conditional(handler, url, tag)).StatusCode);
            // The tag is no pass: a handler of another unit still gets 404.
            Assert.Equal(HttpStatusCode.NotFound, (await Conditional(await host.ClientFor("handler.654200"), url, tag)).StatusCode);
        }

        var before = drawn.Drawn;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await handler.GetAsync($"/api/petitions/{caseNo}/attachments/{id}/thumbnail")).StatusCode);
        }

        Assert.Equal(before, drawn.Drawn);
    }

    private static async Task<HttpResponseMessage> Conditional(HttpClient client, string url, EntityTagHeaderValue tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(tag);
        return await client.SendAsync(request);
    }
}
