using System.Text;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Support;

/// <summary>
/// Compares text people read with a file under tests/LsatsHub.Engine.Tests/Golden/ (copied to the
/// test output), exactly, after normalising line endings to \n.
/// To accept a deliberate change, run the tests with <c>LSATS_UPDATE_GOLDEN=1</c>: the helper then
/// rewrites the golden file in the source tree instead of failing; review the diff and commit it.
/// </summary>
public static class GoldenFile
{
    public const string UpdateVariable = "LSATS_UPDATE_GOLDEN";

    public static void AssertMatches(string actual, string fileName)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var normalised = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            var sourcePath = RepositoryPaths.Combine("tests", "LsatsHub.Engine.Tests", "Golden", fileName);
            File.WriteAllText(sourcePath, normalised, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, "Golden", fileName);
        File.Exists(expectedPath).Should().BeTrue(
            $"the golden file {fileName} must exist; run the tests once with {UpdateVariable}=1 to create it, then review and commit it");
        var expected = File.ReadAllText(expectedPath).ReplaceLineEndings("\n");
        normalised.Should().Be(
            expected,
            $"the output must match Golden/{fileName} exactly; if the change is intended, rerun with {UpdateVariable}=1 and review the diff");
    }
}
