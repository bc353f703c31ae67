using LsatsHub.Benchmarks.Dag;

namespace LsatsHub.Benchmarks.Tests.Dag;

/// <summary><see cref="SimulatorServer"/> with the real lsats-sim: what a failed start tells the one reading CI's output.</summary>
public sealed class SimulatorServerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lsats-serve-fails-");

    [Fact]
    public async Task A_serve_that_ends_before_it_writes_its_env_file_fails_with_the_end_of_its_log()
    {
        // Arrange: a world "folder" that is a file, so serve fails while writing the world's files.
        var world = Path.Combine(_folder.FullName, "not-a-folder");
        await File.WriteAllTextAsync(world, "x");
        var log = Path.Combine(_folder.FullName, "serve.log");

        // Act
        var start = () => SimulatorServer.StartAsync(DagTools.Locate(), world, realisticRate: false, "postgresql://nobody@127.0.0.1:1/none", log, CancellationToken.None);

        // Assert: the suite deletes its work folder, log included, when it fails, so the message carries what serve said.
        var thrown = await start.Should().ThrowAsync<InvalidOperationException>();
        thrown.Which.Message.Should().Contain("lsats-sim serve ended (exit 1) before it wrote")
            .And.Contain("DirectoryNotFoundException", "serve's own error is in the message, not only in the log");
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
