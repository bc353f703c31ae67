using System.Text;

namespace LsatsHub.Testing;

/// <summary>
/// Compares text people read with a golden file in the source tree (<c>tests/PROJECT/Golden/NAME</c>), exactly,
/// after normalising line endings to \n. To accept a deliberate change, run the tests with
/// <c>LSATS_UPDATE_GOLDEN=1</c>: the file is then rewritten instead of compared; review the diff and commit it.
/// </summary>
public static class GoldenFile
{
    /// <summary>Set to 1 to rewrite golden files instead of comparing.</summary>
    public const string UpdateVariable = "LSATS_UPDATE_GOLDEN";

    /// <summary>Fails unless <paramref name="actual"/> equals the golden file.</summary>
    /// <param name="actual">The text produced.</param>
    /// <param name="testProject">The test project folder, e.g. <c>LsatsHub.Engine.Tests</c>.</param>
    /// <param name="fileName">The file under its Golden folder, e.g. <c>plan-everything.txt</c> or <c>Records/history.txt</c>.</param>
    public static void AssertMatches(string actual, string testProject, string fileName)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var path = RepositoryPaths.Combine("tests", testProject, "Golden", fileName);
        var normalised = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, normalised, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        File.Exists(path).Should().BeTrue(
            $"the golden file {path} must exist; run the tests once with {UpdateVariable}=1 to create it, then review and commit it");
        normalised.Should().Be(
            File.ReadAllText(path).ReplaceLineEndings("\n"),
            $"the output must match {testProject}/Golden/{fileName} exactly; if the change is intended, rerun with {UpdateVariable}=1 and review the diff");
    }
}
