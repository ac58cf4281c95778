namespace AgentFlow.Server.Endpoints;

/// <summary>The log category of the API's endpoints (<c>AgentFlow.Server.Endpoints.ApiCategory</c>).</summary>
internal sealed class ApiCategory
{
    private ApiCategory()
    {
    }
}
