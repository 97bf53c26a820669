// An online event's time in the reader's own time zone (docs/calendars.md).
// The page says when the event is in its chapter's zone; a reader elsewhere
// would have to work out the difference. Where the browser's zone shows the
// same clock time, or cannot be told, the row stays hidden, as it does
// without JavaScript.
(function () {
  "use strict";
  var cell = document.querySelector("dd.your-time[data-starts]");
  if (!cell || !window.Intl || !Intl.DateTimeFormat) return;
  var starts = new Date(cell.dataset.starts);
  var ends = cell.dataset.ends ? new Date(cell.dataset.ends) : null;
  if (isNaN(starts.getTime()) || (ends && isNaN(ends.getTime()))) return;
  var here;
  try {
    here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!here) return;

  // The wall-clock time of an instant in a zone, to compare two zones by.
  function clock(zone, instant) {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(instant);
  }
  try {
    if (clock(here, starts) === clock(cell.dataset.zone, starts)) return;
  } catch (error) {
    return; // a zone this browser does not know
  }

  // As the page writes times: the interface's language, a 24-hour clock.
  var format = new Intl.DateTimeFormat(cell.dataset.locale || undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
  var text =
    ends && format.formatRange ? format.formatRange(starts, ends) : format.format(starts);
  var time = document.createElement("time");
  time.dateTime = starts.toISOString();
  time.textContent = text;
  cell.appendChild(time);
  cell.hidden = false;
  var term = cell.previousElementSibling;
  if (term && term.classList.contains("your-time")) term.hidden = false;
})();
