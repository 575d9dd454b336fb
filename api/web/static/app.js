// trienkhai dashboard: the filters apply as soon as a list changes (the form still works
// without JavaScript, with its button).
document.addEventListener("DOMContentLoaded", () => {
  const filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach((el) =>
      el.addEventListener("change", () => filters.requestSubmit()));
  }
  // a confirmation form submits once: a double tap must not post twice
  document.querySelectorAll("form").forEach((form) =>
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
    }));
});
