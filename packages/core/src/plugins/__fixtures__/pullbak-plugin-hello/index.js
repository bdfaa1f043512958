// A third-party hook plugin as an npm package would ship it: plain JS, no
// dependency on @pullbak/core, options checked by a hand-written safeParse.
export default {
  name: "hello",
  kind: "hook",
  apiVersion: 1,
  description: "says hello before each job",
  options: {
    safeParse(input) {
      if (input.greeting === undefined || typeof input.greeting === "string") return { success: true, data: { greeting: input.greeting ?? "hello" } };
      return { success: false, error: { issues: [{ path: ["greeting"], message: "expected a string" }] } };
    },
  },
  create(options) {
    return { async before(job) { job.log.info(`${options.greeting} ${job.host.name}`); } };
  },
};
