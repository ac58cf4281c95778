using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Approvals.Links;
using AgentFlow.Engine.Runs;
using Microsoft.AspNetCore.Http;

namespace AgentFlow.Server.Links;

/// <summary>What <see cref="ApprovalLinkGate"/> decided about a request with a link: let it through, or the refusal page.</summary>
/// <param name="Refusal">The page to answer with when refused (already audited); null when admitted.</param>
/// <param name="Link">The genuine link.</param>
/// <param name="Operator">The operator the link decides as.</param>
/// <param name="Wait">The approval waiting for that operator's decision.</param>
/// <param name="Service">The approval service to decide through.</param>
internal sealed record LinkAdmission(IResult? Refusal, ApprovalLink? Link = null, Operator? Operator = null, WaitInfo? Wait = null, ApprovalService? Service = null);
