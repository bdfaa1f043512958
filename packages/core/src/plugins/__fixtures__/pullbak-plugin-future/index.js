export default { name: "future", kind: "transport", apiVersion: 99, description: "written for a later pullbak", create() { return {}; } };
