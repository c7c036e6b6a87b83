// Draws the dashboard's two charts with ECharts from the figures the page carries as JSON.
// The same figures are in the tables beside each chart: the charts add nothing the tables lack.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var font = getComputedStyle(document.documentElement).fontFamily;
  var base = { textStyle: { fontFamily: font }, animation: false, tooltip: { trigger: "axis" },
               legend: { top: 0, type: "scroll" }, grid: { left: 40, right: 16, top: 40, bottom: 30 } };
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(Object.assign({}, base, option));
    window.addEventListener("resize", function () { chart.resize(); });
  }
  draw("chart-stars", {
    xAxis: { type: "category", data: data.stars }, yAxis: { type: "value", minInterval: 1 },
    series: Object.keys(data.distribution).map(function (name) {
      return { name: name, type: "bar", stack: "stars", data: data.distribution[name] };
    })
  });
  draw("chart-trend", {
    xAxis: { type: "category", data: data.months }, yAxis: { type: "value", max: 100 },
    series: Object.keys(data.trend).map(function (name) {
      return { name: name, type: "line", connectNulls: false, data: data.trend[name] };
    })
  });
})();
