namespace AgentFlow.Agents.Tests.Tools;

/// <summary>One request as <see cref="LocalHttpServer"/> received it.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body);
