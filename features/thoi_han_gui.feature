# language: vi
@area_thoi_han_gui
Tính năng: Thời hạn gửi và thời điểm gửi, nhận văn bản
  Văn bản điện tử phải được gửi ngay trong ngày ký ban hành, chậm nhất trong buổi sáng của ngày làm
  việc tiếp theo (ngày làm việc: thứ Hai đến thứ Sáu trừ ngày nghỉ lễ, Tết và ngày nghỉ bù). Thời
  gian gửi, nhận thống nhất theo múi giờ Việt Nam (ISO 8601) và đồng bộ với Trục liên thông văn bản
  quốc gia; hệ thống phải xác định được thời điểm gửi và thời điểm nhận. Các kịch bản đặt ngày giờ
  cụ thể chỉ áp dụng khi đồng hồ của hệ thống được kiểm thử đặt được theo trục.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @kha_nang_dat_dong_ho @QD28-6.2 @ND30-18.1
  Khung kịch bản: Văn bản ký <thoi_diem_ky_mo_ta> được gửi chậm nhất trước 12 giờ ngày làm việc tiếp theo
    Theo khoản 2 Điều 6 QĐ 28/2018/QĐ-TTg: "Văn bản điện tử phải được gửi ngay trong ngày văn bản đó
    ký ban hành, chậm nhất là trong buổi sáng của ngày làm việc tiếp theo". Khoản 1 Điều 18 NĐ
    30/2020/NĐ-CP (tóm tắt): văn bản được phát hành trong ngày ký, chậm nhất trong ngày làm việc
    tiếp theo. Bộ kiểm thử hiểu "buổi sáng" là trước 12:00 (tham số dispatch_cutoff).
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và đồng hồ của trục đặt ở "<thoi_diem_ky>"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đến trục không muộn hơn "<han_chot>"
    Và gói tin gửi đi đạt quy tắc "QD28-6.2"
    Và gói tin gửi đi đạt quy tắc "ND30-18.1"

    Dữ liệu:
      | thoi_diem_ky_mo_ta                                | thoi_diem_ky              | han_chot                  |
      | sáng thứ Hai                                      | 2026-03-02T10:00:00+07:00 | 2026-03-03T12:00:00+07:00 |
      | chiều thứ Sáu                                     | 2026-03-06T16:30:00+07:00 | 2026-03-09T12:00:00+07:00 |
      | chiều trước kỳ nghỉ 30/4 và 1/5                   | 2026-04-29T16:00:00+07:00 | 2026-05-04T12:00:00+07:00 |
      | chiều thứ Sáu trước kỳ nghỉ Quốc khánh có nghỉ bù | 2026-08-28T16:00:00+07:00 | 2026-09-03T12:00:00+07:00 |

  @sut_gui @kha_nang_dat_dong_ho @ho_so_tt01-2019 @LC2019-6.1b
  Kịch bản: Theo hồ sơ tỉnh, văn bản ký chiều thứ Sáu được ký số tổ chức và gửi trước 12h00 thứ Hai
    Theo điểm b khoản 1 Điều 6 Quy chế tỉnh Lào Cai (2019), văn bản "phải được ký số tổ chức và gửi
    ngay trong ngày văn bản đó ký ban hành hoặc chậm hơn không quá 12h00 của ngày làm việc tiếp
    theo".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và đồng hồ của trục đặt ở "2026-03-06T17:15:00+07:00"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Thông báo" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đến trục không muộn hơn "2026-03-09T12:00:00+07:00"
    Và gói tin gửi đi đạt quy tắc "LC2019-6.1b"

  @sut_gui @QD28-14.4 @QCVN102-DATETIME @TT41-SIGNING-TIME
  Kịch bản: Thời gian trong gói tin gửi đi theo giờ Việt Nam và đồng bộ với đồng hồ của trục
    Theo khoản 4 Điều 14 QĐ 28/2018/QĐ-TTg: "Thời gian gửi, nhận văn bản điện tử giữa các hệ thống
    quản lý văn bản và điều hành ... bảo đảm thống nhất, đồng bộ theo múi giờ Việt Nam (Tiêu chuẩn
    ISO 8601) và đồng bộ theo Trục liên thông văn bản quốc gia". Thời gian ký ghi theo +07:00; thời
    gian trong gói tin edXML viết dạng yyyy/MM/dd HH:mm:ss theo giờ Việt Nam.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì mọi thời gian trong gói tin gửi đi lệch không quá 120 giây so với đồng hồ của trục
    Và gói tin gửi đi đạt quy tắc "QD28-14.4"
    Và gói tin gửi đi đạt quy tắc "QCVN102-DATETIME"
    Và gói tin gửi đi đạt quy tắc "TT41-SIGNING-TIME"

  @sut_gui @DN35-10.1 @DN35-10.3
  Kịch bản: Thời điểm gửi là lúc lệnh gửi thành công, kể cả khi lần gửi đầu bị trục từ chối
    Theo khoản 1 Điều 10 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông: "Thời điểm gửi một văn bản
    điện tử là thời điểm phần mềm của bên gửi thực hiện lệnh gửi văn bản đi thành công"; khoản 3:
    hệ thống thông tin phải "bảo đảm xác định được thời điểm nhận và gửi văn bản điện tử". Khi lần
    gọi đầu tiên thất bại, hệ thống phải gửi lại và ghi thời điểm của lần thành công.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và trục được cài sự cố "fail" cho lệnh "sendEdoc" 1 lần
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi chỉ đến đúng "Cơ quan A"
    Và hồ sơ của hệ thống ghi thời điểm gửi của văn bản "VB1" khớp với nhật ký trục

  @sut_gui @DN35-10.1 @DN35-10.3
  Kịch bản: Mất phản hồi của trục không làm hệ thống ghi trùng văn bản hay ghi sai thời điểm gửi
    Theo khoản 1 Điều 10 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông, thời điểm gửi là lúc lệnh gửi
    thành công. Khi trục đã nhận gói tin nhưng phản hồi bị mất, hệ thống gửi lại; trục và Bên nhận
    có thể thấy hai bản, nhưng hệ thống phải ghi thời điểm của lần gửi được trục chấp nhận.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và trục được cài sự cố "drop" cho lệnh "sendEdoc" 1 lần
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì hệ thống có đúng 1 bản ghi cho văn bản "VB1"
    Và hồ sơ của hệ thống ghi thời điểm gửi của văn bản "VB1" khớp với nhật ký trục

  @sut_nhan @DN35-10.2 @DN35-10.3 @QD28-10.2n
  Kịch bản: Thời điểm nhận là lúc văn bản vào hệ thống của Bên nhận
    Theo khoản 2 Điều 10 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông: "Thời điểm nhận một văn bản
    điện tử là thời điểm văn bản được nhận vào hệ thống thông tin của bên nhận"; khoản 3 yêu cầu
    hệ thống xác định được thời điểm này. Điểm n khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg yêu cầu thể hiện
    thời gian gửi, nhận.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Thì trong vòng 15 phút hệ thống lấy văn bản "VB1" về và báo trạng thái truyền "done" với trục
    Và hồ sơ của hệ thống ghi thời điểm nhận của văn bản "VB1" khớp với nhật ký trục

  @sut_nhan @QD28-14.4 @QCVN102-DATETIME
  Kịch bản: Thời gian trong phản hồi trạng thái theo giờ Việt Nam và đồng bộ với trục
    Theo khoản 4 Điều 14 QĐ 28/2018/QĐ-TTg, thời gian gửi, nhận văn bản đồng bộ theo múi giờ Việt
    Nam (ISO 8601) và theo Trục liên thông văn bản quốc gia; điều đó áp dụng cả cho thời gian ghi
    trong gói tin trạng thái Bên nhận gửi lại.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "01" cho văn bản "VB1"
    Và phản hồi trạng thái "01" của hệ thống đạt quy tắc "QD28-14.4"
    Và phản hồi trạng thái "01" của hệ thống đạt quy tắc "QCVN102-DATETIME"
