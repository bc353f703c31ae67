using LsatsHub.Runner;
using LsatsHub.Runner.Hosting;

return await RunnerCli.InvokeAsync(RunnerEnvironment.FromProcess(), args);
