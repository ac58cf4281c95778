using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.TestWorker;

// Usage: AgentFlow.Engine.TestWorker BACKEND DATA-DIR-OR-CONNECTION TASKHUB SIDE-EFFECT-FILE
// Runs a worker until killed; prints "ready" once it is processing.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: AgentFlow.Engine.TestWorker BACKEND DATA-DIR-OR-CONNECTION TASKHUB SIDE-EFFECT-FILE");
    return 1;
}

var options = new AgentFlowEngineOptions { Backend = BackendNames.Parse(args[0]), DataDirectory = args[1] };
options.AzureStorage.ConnectionString = args[1];
options.AzureStorage.TaskHubName = args[2];
await using var ledger = args[0] == "sqlite" ? new SqliteEffectLedger(args[1]) : null;
var runtime = TestRuntime.Create(WorkflowRuntime.CreateStore(options), args[3], ledger: ledger);
var builder = new AgentFlowHostBuilder().AddConformance(args[3]).AddWorkflowRuntime(runtime).Configure(o =>
{
    o.Backend = BackendNames.Parse(args[0]);
    o.DataDirectory = args[1];
    o.AzureStorage.ConnectionString = args[1];
    o.AzureStorage.TaskHubName = args[2];
    o.AzureStorage.WorkerId = "crash-test-worker";
    o.AzureStorage.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
});
await using var host = await AgentFlowHost.CreateAsync(builder);
await host.StartWorkerAsync();
Console.WriteLine("ready");
await Task.Delay(Timeout.Infinite);
return 0;
