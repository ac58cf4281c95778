using AgentFlow.Bench;

// Usage: AgentFlow.Bench NAME [path-to-agentflow.dll, or for cli the published agentflow apphost]
var name = args.Length > 0 ? args[0] : string.Empty;
var cli = args.Length > 1 ? args[1] : string.Empty;
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(40));
return name switch
{
    "validate" => await ValidateBench.RunAsync(cli, cancel.Token),
    "backends" => await BackendsBench.RunAsync(cancel.Token),
    "approvals" => await ApprovalsBench.RunAsync(cancel.Token),
    "api" => await ApiBench.RunAsync(cancel.Token),
    "memory" => await MemoryBench.RunAsync(cancel.Token),
    "memory-open" => await MemoryOpenBench.RunAsync(args, cancel.Token),
    "graphsize" => await GraphSizeBench.RunAsync(cancel.Token),
    "triggers" => await TriggersBench.RunAsync(cancel.Token),
    "scale" => await ScaleBench.RunAsync(cli, cancel.Token),
    "guards" => await GuardsBench.RunAsync(cancel.Token),
    "cli" => await CliBench.RunAsync(cli, cancel.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bench/run.sh NAME   (benchmarks: validate, backends, approvals, api, memory, graphsize, triggers, scale, guards, cli)");
    return 1;
}
