using System.Collections.Concurrent;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Abstractions.Notifications;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Tools;
using AgentFlow.Agents.Tools.Policy;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// What a case changes in the command's composition (<c>agentflow run</c>'s): its tool and model fixtures, every
/// e-mail (tools' and approval notifications) into the case's outbox folder, the audit key outside its data dir, and
/// a <see cref="RecordingExecutor"/> around every executor.
/// </summary>
internal static class EvalComposition
{
    public static void Apply(IServiceCollection services, EvalCase evalCase, string keyFile, ConcurrentQueue<string> refusals, ConcurrentDictionary<string, RecordedNode> records)
    {
        services.PostConfigure<AuditLogOptions>(o => o.KeyFile = keyFile);
        services.Replace(ServiceDescriptor.Singleton<IMailSender>(sp => new PickupFolderMailSender(sp.GetRequiredService<HostFolders>().Outbox)));
        services.Replace(ServiceDescriptor.Singleton<IToolCatalog>(sp => new LedgeredToolCatalog(
            sp.GetServices<IToolKind>().Select(kind => Wrap(sp, kind, evalCase, refusals)),
            sp.GetRequiredService<IEffectLedger>())));
        services.Replace(ServiceDescriptor.Singleton(sp => new NodeExecutorRegistry(
            sp.GetServices<INodeExecutor>().Select(e => new RecordingExecutor(e.Kind == NodeKind.Llm ? new FixtureLlmExecutor(e, evalCase.ModelFixtures) : e, records)))));
    }

    private static EvalToolKind Wrap(IServiceProvider services, IToolKind kind, EvalCase evalCase, ConcurrentQueue<string> refusals)
    {
        // Whatever the settings say about SMTP, a case's mail is only ever written to its own outbox folder.
        var inner = kind.Kind == "email"
            ? new OutboxEmailToolKind(services.GetRequiredService<HostFolders>().Outbox, services.GetRequiredService<IOptions<ToolPolicyOptions>>().Value)
            : kind;
        return new EvalToolKind(inner, evalCase.ToolFixtures, evalCase.Id, refusals);
    }
}
