using System.Net;
using System.Text;

namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>Answers every request with a fixed response (or waits until cancelled), counting the requests.</summary>
internal sealed class StubHttpHandler(string body, string mediaType, bool hang = false) : HttpMessageHandler
{
    public int Requests { get; private set; }

    public List<Uri> Uris { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        Uris.Add(request.RequestUri!);
        if (hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
    }
}
