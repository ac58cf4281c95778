using System.Net;
using System.Text.RegularExpressions;

namespace AgentFlow.Server.Tests.Links;

/// <summary>Opens approval links on the test server and posts their forms the way a browser would (no cookies, no bearer token).</summary>
public sealed partial class ApprovalPageClient(ServerFixture server) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>The path of <paramref name="link"/> on the test server (the public URL's <c>/af</c> prefix is the pretend proxy's).</summary>
    public static string PathOf(Uri link) => link.AbsolutePath["/af".Length..];

    /// <summary>GETs the page of <paramref name="link"/>.</summary>
    public Task<HttpResponseMessage> OpenAsync(Uri link, CancellationToken cancellationToken) => _http.GetAsync(PathOf(link), cancellationToken);

    /// <summary>GETs a path as it is.</summary>
    public Task<HttpResponseMessage> OpenAsync(string path, CancellationToken cancellationToken) => _http.GetAsync(path, cancellationToken);

    /// <summary>Posts <paramref name="fields"/> to the form's action.</summary>
    public async Task<HttpResponseMessage> PostAsync(IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/approve") { Content = new FormUrlEncodedContent(fields) };
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return await _http.SendAsync(request, cancellationToken);
    }

    /// <summary>The fields the form of <paramref name="html"/> would send as it is (checked boxes only), without the button.</summary>
    public static Dictionary<string, string> Fields(string html)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in Input().Matches(html))
        {
            if (!input.Value.Contains("type=\"checkbox\"", StringComparison.Ordinal) || input.Value.Contains(" checked", StringComparison.Ordinal))
            {
                fields[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
            }
        }

        foreach (Match area in TextArea().Matches(html))
        {
            fields[WebUtility.HtmlDecode(area.Groups["name"].Value)] = WebUtility.HtmlDecode(area.Groups["value"].Value);
        }

        return fields;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<input [^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("<textarea [^>]*name=\"(?<name>[^\"]+)\">\n?(?<value>[^<]*)</textarea>")]
    private static partial Regex TextArea();
}
